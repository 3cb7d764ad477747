/*
 * /init of the test "operating systems" that swiftboot boots.
 *
 * Prints on the console
 *   SWIFTBOOT-TARGET name=<contents of /etc/target-name> cmdline=<contents of /proc/cmdline>
 *   SWIFTBOOT-INITRDS <names of the files in /markers, sorted>
 *   SWIFTBOOT-FIRMWARE acpi=<tables in /sys/firmware/acpi/tables> efi=yes|no efivars=yes|no cpus=<online>
 *   SWIFTBOOT-EFIVAR <Name>=<value>      one line per Boot Loader Interface variable
 *   SWIFTBOOT-PCR <bank>-<N>=<hex>       PCRs 4, 9, 11, 12 of a TPM's sha1 and sha256 banks (sysfs)
 *   SWIFTBOOT-TPMLOG <hex>               /swiftboot/tpm-event-log (swiftboot's TCG2 log), when present
 *   SWIFTBOOT-FWLOG <hex>                the firmware's TPM event log (securityfs), when there is one
 *   SWIFTBOOT-END
 * and powers the machine off. Every initrd of a target carries /markers/<its name>, so
 * the second line tells which initrds the kernel received (they are unpacked in turn
 * into the same root). Only the first initrd carries /init and /etc/target-name.
 * An initrd may carry /lib/modules/efivarfs.ko (make-initrd --efivarfs): it is loaded
 * before efivarfs is mounted, for kernels that build it as a module.
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
#include <sys/syscall.h>
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

/* Counts the entries of a directory (not . and ..), recursing into subdirectories. */
static int count_files(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) return 0;
    int n = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        if (entry->d_type == DT_DIR) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", path, entry->d_name);
            n += count_files(sub);
        } else {
            n++;
        }
    }
    closedir(dir);
    return n;
}

#define LOADER_GUID "-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
#define EFIVARS "/sys/firmware/efi/efivars"

/* Prints one efivarfs variable: UTF-16LE text as text, anything else as hex. */
static void print_efivar(const char *file) {
    char path[512];
    snprintf(path, sizeof path, EFIVARS "/%s", file);
    unsigned char data[4096];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    ssize_t n = read(fd, data, sizeof data);
    close(fd);
    if (n < 4) return;
    size_t len = strlen(file) - strlen(LOADER_GUID);
    printf("SWIFTBOOT-EFIVAR %.*s=", (int)len, file);
    int text = (n - 4) % 2 == 0;
    for (ssize_t i = 4; text && i + 1 < n; i += 2) {
        if (data[i + 1] != 0 || (data[i] != 0 && (data[i] < 0x20 || data[i] > 0x7e))) text = 0;
        if (data[i] == 0 && i + 2 < n) text = 0;   /* NUL before the end: a list, shown as hex */
    }
    for (ssize_t i = 4; i < n; i += text ? 2 : 1) {
        if (text) {
            if (data[i]) putchar(data[i]);
        } else {
            printf("%02x", data[i]);
        }
    }
    printf("\n");
}

/* Prints "LABEL <hex of the file>" when the file can be read. */
static void print_hex_file(const char *label, const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    printf("%s ", label);
    unsigned char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++) printf("%02x", buf[i]);
    printf("\n");
    close(fd);
}

/* The TPM's SHA-1 and SHA-256 PCRs 4, 9, 11, 12 and the event log swiftboot handed over. */
static void report_tpm(void) {
    static const int pcrs[] = {4, 9, 11, 12};
    static const char *banks[] = {"sha1", "sha256"};
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; i < sizeof pcrs / sizeof pcrs[0]; i++) {
            char path[64], value[160];
            snprintf(path, sizeof path, "/sys/class/tpm/tpm0/pcr-%s/%d", banks[b], pcrs[i]);
            read_text(path, value, sizeof value);
            if (value[0]) printf("SWIFTBOOT-PCR %s-%d=%s\n", banks[b], pcrs[i], value);
        }
    print_hex_file("SWIFTBOOT-TPMLOG", "/swiftboot/tpm-event-log");
    mount("securityfs", "/sys/kernel/security", "securityfs", MS_RDONLY, NULL);
    print_hex_file("SWIFTBOOT-FWLOG", "/sys/kernel/security/tpm0/binary_bios_measurements");
}

/* The firmware line and the Boot Loader Interface variables (systemd's vendor GUID). */
static void report_firmware(void) {
    mkdir("/sys", 0555);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    int efi = access("/sys/firmware/efi", F_OK) == 0;
    int efivars = 0;
    if (efi) {
        int fd = open("/lib/modules/efivarfs.ko", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            syscall(SYS_finit_module, fd, "", 0);
            close(fd);
        }
        efivars = mount("efivarfs", EFIVARS, "efivarfs", MS_RDONLY, NULL) == 0;
    }
    char online[64];
    read_text("/sys/devices/system/cpu/online", online, sizeof online);
    printf("SWIFTBOOT-FIRMWARE acpi=%d efi=%s efivars=%s cpus=%s\n", count_files("/sys/firmware/acpi/tables"),
           efi ? "yes" : "no", efivars ? "yes" : "no", online);
    DIR *dir = efivars ? opendir(EFIVARS) : NULL;
    char *names[256];
    size_t count = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir)) && count < 256) {
        size_t len = strlen(entry->d_name);
        if (len > strlen(LOADER_GUID) && strcmp(entry->d_name + len - strlen(LOADER_GUID), LOADER_GUID) == 0)
            names[count++] = strdup(entry->d_name);
    }
    if (dir) closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);
    for (size_t i = 0; i < count; i++) print_efivar(names[i]);
    report_tpm();
    printf("SWIFTBOOT-END\n");
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
    report_firmware();
    fflush(stdout);

    sync();
    reboot(RB_POWER_OFF);
    for (;;) pause();
}
