#ifndef CLINUX_H
#define CLINUX_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Returns errno of the calling thread (Swift cannot read the TLS macro reliably).
int clinux_errno(void);

// ---- sys section (LinuxSystem): mounts, modules, files, devices --------------------
// Each returns what the underlying call returns (-1 with errno set on failure).

/// mount(2).
int clinux_mount(const char *source, const char *target, const char *fstype,
                 unsigned long flags, const char *data);
/// umount2(2).
int clinux_umount2(const char *target, int flags);
/// finit_module(2) through syscall(SYS_finit_module, ...).
int clinux_finit_module(int fd, const char *params, int flags);
/// reboot(2) with one of the LINUX_REBOOT_CMD_* commands (glibc's reboot(3)).
int clinux_reboot(unsigned int cmd);
/// memfd_create(2) through syscall(SYS_memfd_create, ...).
int clinux_memfd_create(const char *name, unsigned int flags);
/// openat2(2) through syscall(SYS_openat2, ...) with a `struct open_how`.
int clinux_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);
/// ioctl(2) whose argument is a pointer.
int clinux_ioctl_ptr(int fd, unsigned long request, void *arg);
/// ioctl(2) whose argument is an integer.
int clinux_ioctl_int(int fd, unsigned long request, unsigned long arg);

/// One extent of a file as FIEMAP reports it.
struct clinux_extent {
    uint64_t logical;
    uint64_t physical;
    uint64_t length;
    uint32_t flags;
};
/// ioctl(FS_IOC_FIEMAP) over the whole file with FIEMAP_FLAG_SYNC. Fills at most `max`
/// extents into `out`, stores how many the file has in `*count`.
int clinux_fiemap(int fd, struct clinux_extent *out, unsigned int max, unsigned int *count);

/// ioctl(LOOP_CTL_GET_FREE) on /dev/loop-control: the number of a free loop device.
int clinux_loop_get_free(int control_fd);
/// Binds `backing_fd` to the loop device `loop_fd` with LOOP_CONFIGURE, or with
/// LOOP_SET_FD + LOOP_SET_STATUS64 on kernels older than 5.8. `flags` are LO_FLAGS_*.
int clinux_loop_attach(int loop_fd, int backing_fd, uint32_t flags, const char *name);
/// Like clinux_loop_attach, for the `size` bytes at `offset` in the backing file (0 = to the end).
int clinux_loop_attach_range(int loop_fd, int backing_fd, uint32_t flags, const char *name,
                             uint64_t offset, uint64_t size);
/// ioctl(LOOP_CLR_FD).
int clinux_loop_detach(int loop_fd);
/// ioctl(LOOP_GET_STATUS64): the backing file name (up to 64 bytes) of a bound loop device.
int clinux_loop_backing_name(int loop_fd, char *name, size_t size);
/// ioctl(BLKGETSIZE64).
int clinux_block_size(int fd, uint64_t *bytes);
/// ioctl(BLKFLSBUF): drop the block device's buffer cache.
int clinux_block_flush_buffers(int fd);
/// ioctl(FS_IOC_GETFLAGS): the inode flags (FS_*_FL) of an open file.
int clinux_get_inode_flags(int fd, int *flags);
/// ioctl(FS_IOC_SETFLAGS): sets the inode flags of an open file.
int clinux_set_inode_flags(int fd, int flags);
/// FS_IMMUTABLE_FL, the flag `chattr +i` sets.
int clinux_immutable_flag(void);

/// A NETLINK_KOBJECT_UEVENT socket bound to `groups` (1 = kernel events), non-blocking.
int clinux_uevent_socket(uint32_t groups);

/// The LINUX_REBOOT_CMD_* and flag constants Swift cannot see through macros.
extern const unsigned int clinux_reboot_cmd_power_off;
extern const unsigned int clinux_reboot_cmd_restart;
extern const unsigned int clinux_reboot_cmd_kexec;
extern const uint32_t clinux_lo_flags_read_only;
extern const uint32_t clinux_lo_flags_partscan;
extern const uint32_t clinux_lo_flags_autoclear;
extern const uint32_t clinux_fiemap_extent_last;
extern const uint32_t clinux_fiemap_extent_unknown;
extern const uint32_t clinux_fiemap_extent_delalloc;
extern const uint32_t clinux_fiemap_extent_encoded;
extern const uint32_t clinux_fiemap_extent_data_inline;
extern const uint32_t clinux_fiemap_extent_not_aligned;
extern const uint32_t clinux_fiemap_extent_unwritten;
extern const uint64_t clinux_resolve_in_root;
extern const uint64_t clinux_resolve_no_magiclinks;
// ---- end sys section ---------------------------------------------------------------

// ---- kexec section (Kexec): kexec_file_load, kexec_load ----------------------------
// Each returns what the underlying call returns (-1 with errno set on failure).

/// One kexec_load(2) segment, laid out as the kernel's `struct kexec_segment`.
struct clinux_kexec_segment {
    const void *buf;
    size_t bufsz;
    uint64_t mem;
    size_t memsz;
};
/// kexec_file_load(2) through syscall(SYS_kexec_file_load, ...). `cmdline_len`
/// counts the terminating NUL.
long clinux_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
                            const char *cmdline, unsigned long flags);
/// kexec_load(2) through syscall(SYS_kexec_load, ...).
long clinux_kexec_load(uint64_t entry, unsigned long nr_segments,
                       const struct clinux_kexec_segment *segments, unsigned long flags);
/// Whether this build knows a kexec_file_load syscall number for its architecture.
int clinux_has_kexec_file_load(void);
// ---- end kexec section -------------------------------------------------------------

#include "clinux_net.h"
#endif
