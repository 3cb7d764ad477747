/*
 * The floor any kexec boot loader pays: a /init that only loads its modules, mounts one
 * fixed disk and kexec_file_loads one fixed entry, then reboots into it. scripts/bench
 * builds it (static) into an initramfs beside its files and compares swiftboot to it
 * (boot_overhead_vs_floor, docs/performance.md).
 *
 *   /m/NN-NAME.ko     modules, loaded in name order (the bench numbers them in
 *                     dependency order)
 *   /etc/floor.conf   five lines: device, filesystem type, kernel, initrd, command line
 * Errors go to the console; then the machine powers off.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static void fail(const char *what, const char *name) {
    dprintf(2, "floor: %s %s: %s\n", what, name, strerror(errno));
    sync();
    reboot(RB_POWER_OFF);
    _exit(1);
}

static int only_modules(const struct dirent *e) { return strstr(e->d_name, ".ko") != NULL; }

int main(void) {
    static char conf[8192];
    char *line[5];
    int fd = open("/etc/floor.conf", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, conf, sizeof conf - 1);
    if (n <= 0) fail("read", "/etc/floor.conf");
    conf[n] = 0;
    char *rest = conf;
    for (int i = 0; i < 5; i++) line[i] = strsep(&rest, "\n");
    if (!line[4]) { errno = EINVAL; fail("parse", "/etc/floor.conf"); }

    if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0) fail("mount", "/dev");
    struct dirent **modules;
    int count = scandir("/m", &modules, only_modules, alphasort);
    for (int i = 0; i < count; i++) {
        char path[300];
        snprintf(path, sizeof path, "/m/%s", modules[i]->d_name);
        int mfd = open(path, O_RDONLY | O_CLOEXEC);
        if (mfd < 0 || syscall(SYS_finit_module, mfd, "", 0) != 0) fail("load module", path);
        close(mfd);
    }
    /* The disk's driver probes asynchronously: wait (up to 20 s) for the partition. */
    for (int tries = 0; access(line[0], F_OK) != 0; tries++) {
        if (tries == 20000) fail("wait for", line[0]);
        usleep(1000);
    }
    if (mount(line[0], "/mnt", line[1], MS_RDONLY, NULL) != 0) fail("mount", line[0]);

    char kernel[512], initrd[512];
    snprintf(kernel, sizeof kernel, "/mnt%s", line[2]);
    snprintf(initrd, sizeof initrd, "/mnt%s", line[3]);
    int kfd = open(kernel, O_RDONLY | O_CLOEXEC), ifd = open(initrd, O_RDONLY | O_CLOEXEC);
    if (kfd < 0) fail("open", kernel);
    if (ifd < 0) fail("open", initrd);
    if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(line[4]) + 1, line[4], 0UL) != 0)
        fail("kexec_file_load", kernel);
    reboot(RB_KEXEC);
    fail("reboot", "kexec");
    return 1;
}
