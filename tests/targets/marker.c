/*
 * /init of the test "operating systems" that swiftboot boots.
 *
 * Prints on the console
 *   SWIFTBOOT-TARGET name=<contents of /etc/target-name> cmdline=<contents of /proc/cmdline>
 *   SWIFTBOOT-INITRDS <names of the files in /markers, sorted>
 * and powers the machine off. Every initrd of a target carries /markers/<its name>, so
 * the second line tells which initrds the kernel received (they are unpacked in turn
 * into the same root). Only the first initrd carries /init and /etc/target-name.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads a small file into buf, without a trailing newline; "" when it is missing. */
static void read_text(const char *path, char *buf, size_t size) {
    buf[0] = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) n = 0;
    buf[n] = 0;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = 0;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
    mkdir("/proc", 0555);
    mount("proc", "/proc", "proc", 0, NULL);
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int console = open("/dev/console", O_WRONLY | O_NOCTTY);
    if (console >= 0) {
        dup2(console, 1);
        dup2(console, 2);
    }

    char name[256], cmdline[4096];
    read_text("/etc/target-name", name, sizeof name);
    read_text("/proc/cmdline", cmdline, sizeof cmdline);
    printf("SWIFTBOOT-TARGET name=%s cmdline=%s\n", name[0] ? name : "unknown", cmdline);

    char *markers[64];
    size_t count = 0;
    DIR *dir = opendir("/markers");
    struct dirent *entry;
    while (dir && (entry = readdir(dir)) && count < 64) {
        if (entry->d_name[0] != '.') markers[count++] = strdup(entry->d_name);
    }
    if (dir) closedir(dir);
    qsort(markers, count, sizeof markers[0], compare_names);
    printf("SWIFTBOOT-INITRDS");
    for (size_t i = 0; i < count; i++) printf(" %s", markers[i]);
    printf("\n");
    fflush(stdout);

    sync();
    reboot(RB_POWER_OFF);
    for (;;) pause();
}
