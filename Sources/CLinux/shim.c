#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>

int clinux_errno(void) { return errno; }

// ---- sys section (LinuxSystem): mounts, modules, files, devices --------------------
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <linux/netlink.h>
#include <linux/reboot.h>

#ifndef SYS_finit_module
#define SYS_finit_module 313
#endif
#ifndef SYS_memfd_create
#define SYS_memfd_create 319
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef LOOP_CONFIGURE
#define LOOP_CONFIGURE 0x4C0A
#endif
#ifndef RESOLVE_IN_ROOT
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT 0x10
#endif

int clinux_mount(const char *source, const char *target, const char *fstype,
                 unsigned long flags, const char *data) {
    return mount(source, target, fstype, flags, data);
}

int clinux_umount2(const char *target, int flags) { return umount2(target, flags); }

int clinux_finit_module(int fd, const char *params, int flags) {
    return (int)syscall(SYS_finit_module, fd, params ? params : "", flags);
}

int clinux_reboot(unsigned int cmd) { return reboot((int)cmd); }

int clinux_memfd_create(const char *name, unsigned int flags) {
    return (int)syscall(SYS_memfd_create, name, flags);
}

int clinux_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    // Laid out as the kernel's struct open_how (linux/openat2.h, 24 bytes).
    struct { uint64_t flags, mode, resolve; } how = { flags, mode, resolve };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

int clinux_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }

int clinux_ioctl_int(int fd, unsigned long request, unsigned long arg) { return ioctl(fd, request, arg); }

int clinux_fiemap(int fd, struct clinux_extent *out, unsigned int max, unsigned int *count) {
    size_t size = sizeof(struct fiemap) + (size_t)max * sizeof(struct fiemap_extent);
    struct fiemap *map = calloc(1, size);
    if (!map) { errno = ENOMEM; return -1; }
    map->fm_start = 0;
    map->fm_length = FIEMAP_MAX_OFFSET;
    map->fm_flags = FIEMAP_FLAG_SYNC;
    map->fm_extent_count = max;
    int rc = ioctl(fd, FS_IOC_FIEMAP, map);
    if (rc == 0) {
        unsigned int n = map->fm_mapped_extents;
        *count = n;
        for (unsigned int i = 0; i < n && i < max; i++) {
            out[i].logical = map->fm_extents[i].fe_logical;
            out[i].physical = map->fm_extents[i].fe_physical;
            out[i].length = map->fm_extents[i].fe_length;
            out[i].flags = map->fm_extents[i].fe_flags;
        }
    }
    int saved = errno;
    free(map);
    errno = saved;
    return rc;
}

int clinux_loop_get_free(int control_fd) { return ioctl(control_fd, LOOP_CTL_GET_FREE); }

int clinux_loop_attach(int loop_fd, int backing_fd, uint32_t flags, const char *name) {
    return clinux_loop_attach_range(loop_fd, backing_fd, flags, name, 0, 0);
}

int clinux_loop_attach_range(int loop_fd, int backing_fd, uint32_t flags, const char *name,
                             uint64_t offset, uint64_t size) {
    struct loop_config config;
    memset(&config, 0, sizeof config);
    config.fd = (uint32_t)backing_fd;
    config.info.lo_flags = flags;
    config.info.lo_offset = offset;
    config.info.lo_sizelimit = size;
    if (name) strncpy((char *)config.info.lo_file_name, name, LO_NAME_SIZE - 1);
    if (ioctl(loop_fd, LOOP_CONFIGURE, &config) == 0) return 0;
    if (errno != EINVAL && errno != ENOTTY) return -1;
    // Kernels before 5.8: bind first, then set the flags.
    if (ioctl(loop_fd, LOOP_SET_FD, backing_fd) != 0) return -1;
    if (ioctl(loop_fd, LOOP_SET_STATUS64, &config.info) != 0) {
        int saved = errno;
        ioctl(loop_fd, LOOP_CLR_FD, 0);
        errno = saved;
        return -1;
    }
    return 0;
}

int clinux_loop_detach(int loop_fd) { return ioctl(loop_fd, LOOP_CLR_FD, 0); }

int clinux_loop_backing_name(int loop_fd, char *name, size_t size) {
    struct loop_info64 info;
    memset(&info, 0, sizeof info);
    if (ioctl(loop_fd, LOOP_GET_STATUS64, &info) != 0) return -1;
    size_t n = strnlen((const char *)info.lo_file_name, LO_NAME_SIZE);
    if (n >= size) n = size - 1;
    memcpy(name, info.lo_file_name, n);
    name[n] = 0;
    return 0;
}

int clinux_block_size(int fd, uint64_t *bytes) { return ioctl(fd, BLKGETSIZE64, bytes); }
int clinux_get_inode_flags(int fd, int *flags) { return ioctl(fd, FS_IOC_GETFLAGS, flags); }
int clinux_set_inode_flags(int fd, int flags) { return ioctl(fd, FS_IOC_SETFLAGS, &flags); }
int clinux_immutable_flag(void) { return FS_IMMUTABLE_FL; }

int clinux_block_flush_buffers(int fd) { return ioctl(fd, BLKFLSBUF, 0); }

int clinux_uevent_socket(uint32_t groups) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
    if (fd < 0) return -1;
    struct sockaddr_nl addr;
    memset(&addr, 0, sizeof addr);
    addr.nl_family = AF_NETLINK;
    addr.nl_groups = groups;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

const unsigned int clinux_reboot_cmd_power_off = LINUX_REBOOT_CMD_POWER_OFF;
const unsigned int clinux_reboot_cmd_restart = LINUX_REBOOT_CMD_RESTART;
const unsigned int clinux_reboot_cmd_kexec = LINUX_REBOOT_CMD_KEXEC;
const uint32_t clinux_lo_flags_read_only = LO_FLAGS_READ_ONLY;
const uint32_t clinux_lo_flags_partscan = LO_FLAGS_PARTSCAN;
const uint32_t clinux_lo_flags_autoclear = LO_FLAGS_AUTOCLEAR;
const uint32_t clinux_fiemap_extent_last = FIEMAP_EXTENT_LAST;
const uint32_t clinux_fiemap_extent_unknown = FIEMAP_EXTENT_UNKNOWN;
const uint32_t clinux_fiemap_extent_delalloc = FIEMAP_EXTENT_DELALLOC;
const uint32_t clinux_fiemap_extent_encoded = FIEMAP_EXTENT_ENCODED;
const uint32_t clinux_fiemap_extent_data_inline = FIEMAP_EXTENT_DATA_INLINE;
const uint32_t clinux_fiemap_extent_not_aligned = FIEMAP_EXTENT_NOT_ALIGNED;
const uint32_t clinux_fiemap_extent_unwritten = FIEMAP_EXTENT_UNWRITTEN;
const uint64_t clinux_resolve_in_root = RESOLVE_IN_ROOT;
const uint64_t clinux_resolve_no_magiclinks = RESOLVE_NO_MAGICLINKS;
// ---- end sys section ---------------------------------------------------------------

// ---- kexec section (Kexec): kexec_file_load, kexec_load ----------------------------
#include <linux/kexec.h>

#ifndef SYS_kexec_load
#if defined(__x86_64__)
#define SYS_kexec_load 246
#elif defined(__aarch64__) || defined(__riscv)
#define SYS_kexec_load 104
#endif
#endif
#ifndef SYS_kexec_file_load
#if defined(__x86_64__)
#define SYS_kexec_file_load 320
#elif defined(__aarch64__) || defined(__riscv)
#define SYS_kexec_file_load 294
#endif
#endif

_Static_assert(sizeof(struct clinux_kexec_segment) == sizeof(struct kexec_segment),
               "clinux_kexec_segment must match struct kexec_segment");

long clinux_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
                            const char *cmdline, unsigned long flags) {
#ifdef SYS_kexec_file_load
    return syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, cmdline_len, cmdline, flags);
#else
    errno = ENOSYS;
    return -1;
#endif
}

long clinux_kexec_load(uint64_t entry, unsigned long nr_segments,
                       const struct clinux_kexec_segment *segments, unsigned long flags) {
#ifdef SYS_kexec_load
    return syscall(SYS_kexec_load, (unsigned long)entry, nr_segments, segments, flags);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int clinux_has_kexec_file_load(void) {
#ifdef SYS_kexec_file_load
    return 1;
#else
    return 0;
#endif
}
// ---- end kexec section -------------------------------------------------------------
