/// The x86_64 trampoline that `kexec_load` jumps to: swiftboot's own purgatory.
///
/// The kernel's `relocate_kernel` (arch/x86/kernel/relocate_kernel_64.S) copies the
/// segments into place and then jumps to the entry point in 64-bit long mode, with a
/// page table that identity-maps RAM, interrupts off, and segment registers and GDT in
/// an unspecified state. The 64-bit boot protocol (Documentation/arch/x86/boot.rst)
/// wants: a GDT with flat segments at `__BOOT_CS` (0x10, code) and `__BOOT_DS` (0x18,
/// data), CS = 0x10, DS = ES = SS = 0x18, RSI = physical address of boot_params, and
/// a jump to the kernel's 64-bit entry at load address + 0x200. This page does that,
/// after checking every other segment against a checksum computed when it was loaded
/// (`Purgatory.checksum`): on a mismatch it writes a line to the COM1 UART and halts
/// rather than start a kernel from corrupted memory.
///
/// Source (GNU as, AT&T syntax; assembled with `gcc -c`, linked with
/// `ld -Ttext 0`, extracted with `objcopy -O binary -j .text`):
///
/// ```
///     .code64
/// purgatory_start:
///     cli
///     cld
///     lea     purgatory_start+0x1000(%rip), %rsp   # stack: top of this page
///     lea     checks(%rip), %rbx          # u64 count, then {u64 addr, u64 words, u64 sum}
///     mov     (%rbx), %rcx
///     add     $8, %rbx
/// verify_next:
///     test    %rcx, %rcx
///     jz      verified
///     mov     (%rbx), %rsi
///     mov     8(%rbx), %rdx
///     xor     %eax, %eax
/// sum_loop:                               # h = rol(h, 5) + word, over memsz / 8 words
///     test    %rdx, %rdx
///     jz      sum_done
///     rol     $5, %rax
///     add     (%rsi), %rax
///     add     $8, %rsi
///     dec     %rdx
///     jmp     sum_loop
/// sum_done:
///     cmp     16(%rbx), %rax
///     jne     corrupt
///     add     $24, %rbx
///     dec     %rcx
///     jmp     verify_next
/// verified:
///     lea     gdt(%rip), %rax             # the GDT's base is where we were loaded
///     mov     %rax, gdt_base(%rip)
///     lgdt    gdt_limit(%rip)
///     mov     $0x18, %eax                 # __BOOT_DS
///     mov     %eax, %ds                   # and es, ss, fs, gs
///     ...
///     lea     reload_cs(%rip), %rax
///     pushq   $0x10                       # __BOOT_CS
///     pushq   %rax
///     lretq                               # far return reloads CS
/// reload_cs:
///     mov     boot_params(%rip), %rsi
///     mov     kernel_entry(%rip), %rax
///     xor     %ebx, %ebx                  # and likewise ecx edx edi ebp r8d..r15d
///     ...
///     jmp     *%rax
/// corrupt:                                # print `message` on COM1, then halt
///     lea     message(%rip), %rsi
/// next_char:
///     movzbl  (%rsi), %ecx
///     test    %ecx, %ecx
///     jz      halt
///     mov     $0x3fd, %edx                # line status: wait for THR empty (bit 5)
/// wait_thr:
///     in      (%dx), %al
///     test    $0x20, %al
///     jz      wait_thr
///     mov     $0x3f8, %edx
///     mov     %ecx, %eax
///     out     %al, (%dx)
///     inc     %rsi
///     jmp     next_char
/// halt:
///     hlt
///     jmp     halt
///     .balign 16
/// message: .asciz "\r\nswiftboot purgatory: a kexec segment is corrupt (checksum mismatch); halting\r\n"
///     .balign 8
/// boot_params:  .quad 0                   # patched at offset 0x138
/// kernel_entry: .quad 0                   # patched at offset 0x140
///     .balign 16
/// gdt:                                    # offset 0x150
///     .quad 0                             # 0x00 null
///     .quad 0                             # 0x08 unused
///     .quad 0x00af9a000000ffff            # 0x10 64-bit code, DPL 0
///     .quad 0x00cf92000000ffff            # 0x18 flat data
/// gdt_end:
///     .balign 8
///     .word 0, 0, 0
/// gdt_limit: .word gdt_end - gdt - 1      # lgdt operand: limit, then 64-bit base
/// gdt_base:  .quad 0
///     .balign 8
/// checks:    .quad 0                      # offset 0x180: the table, filled in per load
/// ```
public enum Purgatory {
    /// Offset of the 64-bit boot_params address slot.
    public static let bootParamsOffset = 0x138
    /// Offset of the 64-bit kernel entry address slot.
    public static let kernelEntryOffset = 0x140
    /// Offset of the GDT (four descriptors).
    public static let gdtOffset = 0x150
    /// Offset of the segment check table: a count, then (address, words, checksum).
    public static let checksOffset = 0x180
    /// At most this many segments are checked (kexec_load takes 16).
    public static let maxChecks = 16
    /// The purgatory occupies one page: code and data at the start, its stack at the end.
    public static let size = 4096

    /// The assembled machine code (392 bytes) with every slot zero.
    public static let code: [UInt8] = [
        0xfa, 0xfc, 0x48, 0x8d, 0x25, 0xf7, 0x0f, 0x00, 0x00, 0x48, 0x8d, 0x1d,
        0x70, 0x01, 0x00, 0x00, 0x48, 0x8b, 0x0b, 0x48, 0x83, 0xc3, 0x08, 0x48,
        0x85, 0xc9, 0x74, 0x2d, 0x48, 0x8b, 0x33, 0x48, 0x8b, 0x53, 0x08, 0x31,
        0xc0, 0x48, 0x85, 0xd2, 0x74, 0x10, 0x48, 0xc1, 0xc0, 0x05, 0x48, 0x03,
        0x06, 0x48, 0x83, 0xc6, 0x08, 0x48, 0xff, 0xca, 0xeb, 0xeb, 0x48, 0x3b,
        0x43, 0x10, 0x75, 0x6b, 0x48, 0x83, 0xc3, 0x18, 0x48, 0xff, 0xc9, 0xeb,
        0xce, 0x48, 0x8d, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x89, 0x05, 0x21,
        0x01, 0x00, 0x00, 0x0f, 0x01, 0x15, 0x18, 0x01, 0x00, 0x00, 0xb8, 0x18,
        0x00, 0x00, 0x00, 0x8e, 0xd8, 0x8e, 0xc0, 0x8e, 0xd0, 0x8e, 0xe0, 0x8e,
        0xe8, 0x48, 0x8d, 0x05, 0x05, 0x00, 0x00, 0x00, 0x6a, 0x10, 0x50, 0x48,
        0xcb, 0x48, 0x8b, 0x35, 0xb8, 0x00, 0x00, 0x00, 0x48, 0x8b, 0x05, 0xb9,
        0x00, 0x00, 0x00, 0x31, 0xdb, 0x31, 0xc9, 0x31, 0xd2, 0x31, 0xff, 0x31,
        0xed, 0x45, 0x31, 0xc0, 0x45, 0x31, 0xc9, 0x45, 0x31, 0xd2, 0x45, 0x31,
        0xdb, 0x45, 0x31, 0xe4, 0x45, 0x31, 0xed, 0x45, 0x31, 0xf6, 0x45, 0x31,
        0xff, 0xff, 0xe0, 0x48, 0x8d, 0x35, 0x2e, 0x00, 0x00, 0x00, 0x0f, 0xb6,
        0x0e, 0x85, 0xc9, 0x74, 0x17, 0xba, 0xfd, 0x03, 0x00, 0x00, 0xec, 0xa8,
        0x20, 0x74, 0xfb, 0xba, 0xf8, 0x03, 0x00, 0x00, 0x89, 0xc8, 0xee, 0x48,
        0xff, 0xc6, 0xeb, 0xe2, 0xf4, 0xeb, 0xfd, 0x66, 0x66, 0x2e, 0x0f, 0x1f,
        0x84, 0x00, 0x00, 0x00, 0x00, 0x00, 0x66, 0x90, 0x0d, 0x0a, 0x73, 0x77,
        0x69, 0x66, 0x74, 0x62, 0x6f, 0x6f, 0x74, 0x20, 0x70, 0x75, 0x72, 0x67,
        0x61, 0x74, 0x6f, 0x72, 0x79, 0x3a, 0x20, 0x61, 0x20, 0x6b, 0x65, 0x78,
        0x65, 0x63, 0x20, 0x73, 0x65, 0x67, 0x6d, 0x65, 0x6e, 0x74, 0x20, 0x69,
        0x73, 0x20, 0x63, 0x6f, 0x72, 0x72, 0x75, 0x70, 0x74, 0x20, 0x28, 0x63,
        0x68, 0x65, 0x63, 0x6b, 0x73, 0x75, 0x6d, 0x20, 0x6d, 0x69, 0x73, 0x6d,
        0x61, 0x74, 0x63, 0x68, 0x29, 0x3b, 0x20, 0x68, 0x61, 0x6c, 0x74, 0x69,
        0x6e, 0x67, 0x0d, 0x0a, 0x00, 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x9a, 0xaf, 0x00,
        0xff, 0xff, 0x00, 0x00, 0x00, 0x92, 0xcf, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]

    /// A segment the purgatory verifies before entering the kernel.
    public struct Check: Sendable, Equatable {
        /// Physical address of the segment.
        public var address: UInt64
        /// Bytes checked (the segment's memsz; a multiple of 8).
        public var length: UInt64
        /// `checksum(buffer, length:)`.
        public var sum: UInt64

        public init(address: UInt64, length: UInt64, sum: UInt64) {
            self.address = address
            self.length = length
            self.sum = sum
        }
    }

    /// The purgatory's checksum: over the little-endian 64-bit words of `buffer`
    /// zero-padded to `length` bytes (kexec zero-fills a segment past its buffer),
    /// `h = rol(h, 5) &+ word`, from 0.
    public static func checksum(_ buffer: [UInt8], length: Int) -> UInt64 {
        var h: UInt64 = 0
        let whole = min(buffer.count, length) / 8
        buffer.withUnsafeBytes { raw in
            for i in 0..<whole {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                h = (h << 5 | h >> 59) &+ word
            }
        }
        var at = whole * 8
        if at < min(buffer.count, length) {      // a last partial word, zero-padded
            var last = [UInt8](buffer[at..<min(buffer.count, length)])
            last += [UInt8](repeating: 0, count: 8 - last.count)
            h = (h << 5 | h >> 59) &+ LittleEndian.load(UInt64.self, last, at: 0)
            at += 8
        }
        // Zero words only rotate.
        let zeros = max(0, (length - at) / 8) % 64
        for _ in 0..<zeros { h = h << 5 | h >> 59 }
        return h
    }

    /// The purgatory page with both addresses and the check table filled in.
    public static func page(bootParams: UInt64, kernelEntry: UInt64, checks: [Check] = []) -> [UInt8] {
        precondition(checks.count <= maxChecks, "at most \(maxChecks) segment checks")
        var page = [UInt8](repeating: 0, count: size)
        page.replaceSubrange(0..<code.count, with: code)
        LittleEndian.store(bootParams, into: &page, at: bootParamsOffset)
        LittleEndian.store(kernelEntry, into: &page, at: kernelEntryOffset)
        LittleEndian.store(UInt64(checks.count), into: &page, at: checksOffset)
        for (i, c) in checks.enumerated() {
            let at = checksOffset + 8 + i * 24
            LittleEndian.store(c.address, into: &page, at: at)
            LittleEndian.store(c.length / 8, into: &page, at: at + 8)
            LittleEndian.store(c.sum, into: &page, at: at + 16)
        }
        return page
    }
}
