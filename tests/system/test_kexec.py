"""swiftboot's kexec loader end to end in QEMU, apart from the menu.

The payload kernel boots an initramfs whose /init is a tiny static program (RUNNER_C
below, built with gcc) that runs `swiftboot kexec …` command lines, one after the
other, from /kexec-commands. The last one that works kexecs into a test target
(tests/targets/marker.c), which prints its /proc/cmdline and initrd markers. So each
test checks a real load + hand-off by one method, what the target received, and that a
failure is reported and leaves the machine able to boot something else.
"""
from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pytest
from conftest import TargetReport

REPO = Path(__file__).resolve().parents[2]

RUNNER_C = r"""
/* /init of the kexec test image: mounts /proc, /sys, /dev, then runs each line of
   /kexec-commands (arguments separated by tabs) as /bin/swiftboot ARGS; powers off
   when every line has run (none of them kexec'd). Each run's exit status and time
   are printed: "RUNNER: exit N after M ms". Leading words change the conditions:
   `@enosys` makes kexec_file_load fail with ENOSYS (seccomp) for that run;
   `@writer=PATH` keeps PATH open for writing during that run (ETXTBSY);
   `@nobody` runs it as uid/gid 65534, without CAP_SYS_BOOT (EPERM). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static void deny_kexec_file_load(void) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kexec_file_load, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof f / sizeof f[0], f };
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) perror("seccomp");
}

int main(void) {
    mkdir("/sys", 0555); mkdir("/run", 0755); mkdir("/tmp", 01777);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    setvbuf(stdout, NULL, _IONBF, 0);
    FILE *f = fopen("/kexec-commands", "r");
    char line[8192];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *argv[64];
        int argc = 0, enosys = 0, writer = -1, nobody = 0;
        argv[argc++] = "/bin/swiftboot";
        for (char *tok = strtok(line, "\t"); tok && argc < 63; tok = strtok(NULL, "\t")) {
            if (strcmp(tok, "@enosys") == 0) { enosys = 1; printf("RUNNER: kexec_file_load gives ENOSYS\n"); continue; }
            if (strcmp(tok, "@nobody") == 0) { nobody = 1; printf("RUNNER: as nobody\n"); continue; }
            if (strncmp(tok, "@writer=", 8) == 0) {
                writer = open(tok + 8, O_WRONLY);
                printf("RUNNER: %s open for writing (fd %d)\n", tok + 8, writer);
                continue;
            }
            argv[argc++] = tok;
        }
        argv[argc] = NULL;
        printf("RUNNER: swiftboot");
        for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
        printf("\n");
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            if (enosys) deny_kexec_file_load();
            if (nobody && (setgid(65534) != 0 || setuid(65534) != 0)) perror("setuid");
            execv(argv[0], argv);
            perror("execv");
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        printf("RUNNER: exit %d after %ld ms\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ms);
        if (writer >= 0) close(writer);
    }
    printf("RUNNER: done\n");
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
"""


def build_runner(work: Path) -> Path:
    """Compiles RUNNER_C statically into `work`/runner."""
    source = work / "runner.c"
    source.write_text(RUNNER_C)
    binary = work / "runner"
    subprocess.run(["gcc", "-static", "-Os", "-s", "-o", str(binary), str(source)], check=True)
    return binary


def build_image(build: Path, runner: Path, work: Path, files: dict[str, Path],
                commands: list[list[str]]) -> Path:
    """An uncompressed initramfs: the runner as /init, build/swiftboot as
    /bin/swiftboot, `files` (dest → host path) and the command list."""
    listing = work / "kexec-commands"
    listing.write_text("".join("\t".join(c) + "\n" for c in commands))
    out = work / "kexec-test.img"
    args = [str(build / "mkinitramfs"), "--output", str(out),
            "--layout", str(REPO / "tests" / "targets" / "layout"),
            "--init", str(runner),
            "--file", f"/bin/swiftboot={build / 'swiftboot'}:755",
            "--file", f"/kexec-commands={listing}",
            "--compress", "none", "--no-digest"]
    for dest, src in files.items():
        args += ["--file", f"{dest}={src}"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return out


@pytest.fixture(scope="session")
def runner(built, tmp_path_factory) -> Path:
    """The runner /init, static."""
    return build_runner(tmp_path_factory.mktemp("kexec-runner"))


@pytest.fixture
def kexec_image(built, runner, tmp_path):
    """`kexec_image(files={dest: host path}, commands=[[args…], …])` → an initramfs with
    the runner as /init, build/swiftboot as /bin/swiftboot, the files, and the commands."""

    def make(files: dict[str, Path], commands: list[list[str]]) -> Path:
        return build_image(built, runner, tmp_path, files, commands)

    return make


def wait_target(m, timeout: float):
    """Like Machine.wait_target, but the serial console ends lines with `\\r\\r\\n`."""
    match = m.expect(r"SWIFTBOOT-TARGET name=([^\r\n]*?) cmdline=([^\r\n]*)\r*\n", timeout)
    name, cmdline = match.group(1).decode(), match.group(2).decode().strip()
    match = m.expect(r"SWIFTBOOT-INITRDS([^\r\n]*)\r*\n", 30)
    return TargetReport(name=name, cmdline=cmdline, initrds=match.group(1).decode().split())


def boot_command(method: str | None, kernel: str = "/vmlinuz", initrds=("/target.img",),
                 cmdline: str = "console=ttyS0", extra=()) -> list[str]:
    c = ["kexec", "--kernel", kernel]
    for i in initrds:
        c += ["--initrd", i]
    c += ["--cmdline", cmdline]
    if method:
        c += ["--method", method]
    return c + list(extra) + ["--exec"]


@pytest.mark.parametrize("method", ["file", "segments"])
def test_method_boots_target_with_cmdline_and_initrds(machine, target, kexec_image, method):
    t = target(f"kexec-{method}", extra_initrds=("second",))
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0], "/second.img": t.initrds[1]},
                        [boot_command(method, initrds=("/target.img", "/second.img"),
                                      cmdline=f"console=ttyS0 kexec.test={method} quoted=\"a b\"")])
    m = machine(initrd=image)
    m.expect("hand-off 6/6: reboot\\(LINUX_REBOOT_CMD_KEXEC\\)", timeout=120)
    report = wait_target(m, timeout=120)
    assert report.name == f"kexec-{method}"
    assert report.cmdline == f"console=ttyS0 kexec.test={method} quoted=\"a b\""
    assert report.initrds == sorted([f"kexec-{method}", "second"])


def test_enosys_from_kexec_file_load_falls_back_to_segments(machine, target, kexec_image):
    t = target("kexec-enosys")
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0]},
                        [["@enosys"] + boot_command(None, cmdline="console=ttyS0 fallback=1")])
    m = machine(initrd=image)
    m.expect("the running kernel has no kexec_file_load \\(ENOSYS\\); using kexec_load segments", timeout=120)
    report = wait_target(m, timeout=120)
    assert report.name == "kexec-enosys"
    assert report.cmdline == "console=ttyS0 fallback=1"


def test_kernel_open_for_writing_is_loaded_from_a_private_copy(machine, target, kexec_image):
    t = target("kexec-etxtbsy")
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0]},
                        [["@writer=/vmlinuz"] + boot_command(None, cmdline="console=ttyS0 etxtbsy=1")])
    m = machine(initrd=image)
    m.expect("/vmlinuz is open for writing \\(ETXTBSY\\); loading a private copy", timeout=120)
    report = wait_target(m, timeout=120)
    assert report.name == "kexec-etxtbsy"
    assert report.cmdline == "console=ttyS0 etxtbsy=1"


def test_eperm_is_explained_and_the_next_load_works(machine, target, kexec_image):
    t = target("kexec-eperm")
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0]},
                        [["@nobody"] + boot_command(None), boot_command(None, cmdline="console=ttyS0 after=eperm")])
    m = machine(initrd=image)
    m.expect("The running kernel refused to load /vmlinuz \\(EPERM\\): kexec is locked down", timeout=120)
    report = wait_target(m, timeout=120)
    assert report.cmdline == "console=ttyS0 after=eperm"


def test_segments_without_initrd(machine, target, kexec_image, tmp_path):
    """No initrd: the target kernel has no /init and panics; its console shows the
    command line it was given, which proves the segments boot without an initrd."""
    t = target("unused")
    image = kexec_image({"/vmlinuz": t.kernel},
                        [boot_command("segments", initrds=(), cmdline="console=ttyS0 panic=-1 noinitrd.marker=1")])
    m = machine(initrd=image)
    m.expect("Command line: console=ttyS0 panic=-1 noinitrd.marker=1", timeout=120)


def test_broken_kernel_is_reported_and_a_good_one_boots_after(machine, target, kexec_image, tmp_path):
    t = target("after-broken")
    broken = tmp_path / "broken"
    broken.write_bytes(b"MZ this is not a kernel\n" * 4000)
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0], "/broken": broken},
                        [boot_command(None, kernel="/broken"),
                         boot_command("segments", kernel="/broken"),
                         boot_command(None, kernel="/missing"),
                         boot_command(None)])
    m = machine(initrd=image)
    m.expect("/broken is not a kernel the running kernel can load \\(ENOEXEC\\)", timeout=120)
    m.expect("/broken is not a kernel the running kernel can load: no x86 boot sector signature", timeout=60)
    m.expect("/missing does not exist \\(ENOENT\\)", timeout=60)
    report = wait_target(m, timeout=120)
    assert report.name == "after-broken"
    assert report.initrds == ["after-broken"]


def test_gzip_compressed_kernel_is_decompressed_first(machine, target, kexec_image, tmp_path):
    t = target("kexec-gzip")
    gz = tmp_path / "vmlinuz.gz"
    gz.write_bytes(gzip.compress(Path(t.kernel).read_bytes(), compresslevel=6))
    image = kexec_image({"/vmlinuz.gz": gz, "/target.img": t.initrds[0]},
                        [boot_command(None, kernel="/vmlinuz.gz", cmdline="console=ttyS0 gz=1")])
    m = machine(initrd=image)
    report = wait_target(m, timeout=180)
    assert report.name == "kexec-gzip"
    assert report.cmdline == "console=ttyS0 gz=1"


def test_reset_devices_is_added(machine, target, kexec_image):
    t = target("kexec-reset")
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0]},
                        [boot_command(None, cmdline="console=ttyS0", extra=["--reset-devices"])])
    m = machine(initrd=image)
    report = wait_target(m, timeout=120)
    assert report.cmdline == "console=ttyS0 reset_devices"


def test_too_long_command_line_is_refused_before_the_kernel(machine, target, kexec_image):
    t = target("kexec-long")
    long = "console=ttyS0 " + "x" * 2100
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0]},
                        [boot_command(None, cmdline=long), boot_command(None, cmdline="console=ttyS0 short=1")])
    m = machine(initrd=image)
    m.expect("The command line for /vmlinuz is too long: 2115 bytes with its NUL; kexec_file_load takes at most 2017", timeout=120)
    report = wait_target(m, timeout=120)
    assert report.cmdline == "console=ttyS0 short=1"


def run_host(built, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(built / "swiftboot"), "kexec", *args], capture_output=True, text=True, timeout=60)


def test_dry_run_on_the_host_prints_the_plan(built, tmp_path):
    """`--dry-run` opens and checks everything but loads nothing (safe on the host)."""
    a, b = tmp_path / "a.img", tmp_path / "b.img"
    a.write_bytes(b"x" * 5)
    b.write_bytes(b"y" * 8)
    r = run_host(built, "--kernel", str(built / "vmlinuz"), "--initrd", str(a), "--initrd", str(b),
                 "--cmdline", "console=ttyS0 ro", "--dry-run")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"kexec: kernel={built / 'vmlinuz'} initrds={a},{b} cmdline=console=ttyS0 ro"
    assert "method: file (kexec_file_load)" in lines
    assert "initrd: 2 files concatenated into a memfd (4-byte padded), 16 bytes" in lines


def test_dry_run_segments_lists_the_segments(built, tmp_path):
    iomem = Path("/proc/iomem").read_text()
    if "System RAM" not in iomem or iomem.startswith("00000000-00000000"):
        pytest.skip("/proc/iomem shows no addresses to this user (needs root)")
    r = run_host(built, "--kernel", str(built / "vmlinuz"), "--cmdline", "console=ttyS0", "--method", "segments",
                 "--dry-run")
    assert r.returncode == 0, r.stderr
    segments = [l for l in r.stdout.splitlines() if l.startswith("segment ")]
    starts = [int(s.split("mem=")[1].split("-")[0], 16) for s in segments]
    assert starts == sorted(starts) and all(a % 4096 == 0 for a in starts)
    assert {s.split()[2].rstrip(":") for s in segments} == {"kernel", "setup", "purgatory"}
    assert any(l.startswith("entry: purgatory at 0x") for l in r.stdout.splitlines())


def test_host_errors_and_usage(built, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    r = run_host(built, "--kernel", str(text), "--dry-run")
    assert r.returncode == 1
    assert f"{text} is not a kernel the running kernel can load" in r.stderr
    r = run_host(built, "--kernel", str(tmp_path / "missing"), "--dry-run")
    assert r.returncode == 1
    assert f"{tmp_path / 'missing'} does not exist (ENOENT)." in r.stderr
    assert run_host(built, "--dry-run").returncode == 2
    assert run_host(built, "--kernel", str(text), "--method", "elf", "--dry-run").returncode == 2


HARNESS_C = r"""
/* Runs the purgatory's machine code in user space, from just after its `cli`, up to
   the next privileged instruction: `lgdt` when every segment checksum matched, `in` (the COM1 message)
   when one did not. The SIGSEGV handler reports the offset of the faulting instruction.
   usage: harness PURGATORY.bin SEGMENT.bin SUM [SEGMENT.bin SUM]... */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static uint8_t *base;

static void on_fault(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    long offset = (long)((uint8_t *)uc->uc_mcontext.gregs[REG_RIP] - base);
    printf("fault at 0x%lx\n", offset);
    fflush(stdout);
    _exit(0);
}

static uint8_t *load(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END); *size = ftell(f); fseek(f, 0, SEEK_SET);
    uint8_t *p = aligned_alloc(4096, (*size + 4095) / 4096 * 4096 + 4096);
    memset(p, 0, (*size + 4095) / 4096 * 4096 + 4096);
    if (fread(p, 1, *size, f) != *size) exit(2);
    fclose(f);
    return p;
}

int main(int argc, char **argv) {
    size_t size;
    uint8_t *code = load(argv[1], &size);
    base = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(base, code, size);
    uint64_t *table = (uint64_t *)(base + 0x180);
    int n = (argc - 2) / 2;
    table[0] = n;
    for (int i = 0; i < n; i++) {
        size_t len;
        uint8_t *seg = load(argv[2 + 2 * i], &len);
        table[1 + 3 * i] = (uint64_t)(uintptr_t)seg;
        table[2 + 3 * i] = (len + 4095) / 4096 * 4096 / 8;   /* whole pages, zero-filled */
        table[3 + 3 * i] = strtoull(argv[3 + 2 * i], NULL, 0);
    }
    stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536 };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_ONSTACK };
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    ((void (*)(void))(base + 1))();   /* past `cli`, itself privileged */
    printf("returned\n");
    return 1;
}
"""


def purgatory_bytes() -> bytes:
    """The machine code as shipped: the `code` array of Sources/Kexec/Purgatory.swift."""
    text = (REPO / "Sources" / "Kexec" / "Purgatory.swift").read_text()
    body = text.split("public static let code: [UInt8] = [", 1)[1].split("]", 1)[0]
    return bytes(int(x, 16) for x in body.replace(",", " ").split())


def rol5_sum(data: bytes, length: int) -> int:
    """The purgatory checksum, independently: h = rol(h, 5) + word over `length` bytes."""
    data = data.ljust(length, b"\0")
    h = 0
    for i in range(0, length, 8):
        h = (((h << 5) | (h >> 59)) & 0xFFFFFFFFFFFFFFFF)
        h = (h + int.from_bytes(data[i:i + 8], "little")) & 0xFFFFFFFFFFFFFFFF
    return h


@pytest.mark.parametrize("corrupt, fault", [(False, "lgdt"), (True, "in")])
def test_purgatory_checksum_loop_runs_as_shipped(tmp_path, corrupt, fault):
    """The shipped purgatory bytes, run in user space: matching checksums reach the GDT
    load; a segment changed after its checksum was taken reaches the COM1 message."""
    code = purgatory_bytes()
    (tmp_path / "purgatory.bin").write_bytes(code)
    source = tmp_path / "harness.c"
    source.write_text(HARNESS_C)
    subprocess.run(["gcc", "-O1", "-o", str(tmp_path / "harness"), str(source)], check=True)
    args = [str(tmp_path / "harness"), str(tmp_path / "purgatory.bin")]
    for i, size in enumerate([8192, 5000, 4096]):
        data = bytes((j * 7 + i) & 0xFF for j in range(size))
        length = (size + 4095) // 4096 * 4096
        total = rol5_sum(data, length)
        if corrupt and i == 1:
            data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
        (tmp_path / f"seg{i}.bin").write_bytes(data)
        args += [str(tmp_path / f"seg{i}.bin"), hex(total)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.strip()
    lgdt = code.index(bytes([0x0F, 0x01, 0x15]))          # lgdt disp32(%rip)
    inb = code.index(bytes([0xEC]), code.index(bytes([0xBA, 0xFD, 0x03])))  # in (%dx),%al after mov $0x3fd,%edx
    assert out == f"fault at {hex(lgdt if fault == 'lgdt' else inb)}"
