/// The x86_64 trampoline that `kexec_load` jumps to: swiftboot's own purgatory.
///
/// The kernel's `relocate_kernel` (arch/x86/kernel/relocate_kernel_64.S) copies the
/// segments into place and then jumps to the entry point in 64-bit long mode, with a
/// page table that identity-maps RAM, interrupts off, and segment registers and GDT in
/// an unspecified state. The 64-bit boot protocol (Documentation/arch/x86/boot.rst)
/// wants: a GDT with flat segments at `__BOOT_CS` (0x10, code) and `__BOOT_DS` (0x18,
/// data), CS = 0x10, DS = ES = SS = 0x18, RSI = physical address of boot_params, and
/// a jump to the kernel's 64-bit entry at load address + 0x200. This page does that.
///
/// Source (GNU as, AT&T syntax; assembled with `gcc -c`, linked with
/// `ld -Ttext 0`, extracted with `objcopy -O binary -j .text`):
///
/// ```
///     .code64
/// purgatory_start:
///     cli
///     cld
///     lea     gdt(%rip), %rax             # the GDT's base is where we were loaded
///     mov     %rax, gdt_base(%rip)
///     lgdt    gdt_limit(%rip)
///     mov     $0x18, %eax                 # __BOOT_DS
///     mov     %eax, %ds
///     mov     %eax, %es
///     mov     %eax, %ss
///     mov     %eax, %fs
///     mov     %eax, %gs
///     lea     purgatory_start+0x1000(%rip), %rsp   # stack: top of this page
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
/// halt:
///     hlt
///     jmp     halt
///     .balign 8
/// boot_params:  .quad 0                   # patched at offset 0x70
/// kernel_entry: .quad 0                   # patched at offset 0x78
///     .balign 16
/// gdt:
///     .quad 0                             # 0x00 null
///     .quad 0                             # 0x08 unused
///     .quad 0x00af9a000000ffff            # 0x10 64-bit code, DPL 0
///     .quad 0x00cf92000000ffff            # 0x18 flat data
/// gdt_end:
///     .balign 8
///     .word 0, 0, 0
/// gdt_limit: .word gdt_end - gdt - 1      # lgdt operand: limit, then 64-bit base
/// gdt_base:  .quad 0
/// ```
public enum Purgatory {
    /// Offset of the 64-bit boot_params address slot.
    public static let bootParamsOffset = 0x70
    /// Offset of the 64-bit kernel entry address slot.
    public static let kernelEntryOffset = 0x78
    /// Offset of the GDT (four descriptors).
    public static let gdtOffset = 0x80
    /// The purgatory occupies one page: code and data at the start, its stack at the end.
    public static let size = 4096

    /// The assembled machine code (176 bytes) with both slots zero.
    public static let code: [UInt8] = [
        0xfa, 0xfc, 0x48, 0x8d, 0x05, 0x77, 0x00, 0x00, 0x00, 0x48, 0x89, 0x05,
        0x98, 0x00, 0x00, 0x00, 0x0f, 0x01, 0x15, 0x8f, 0x00, 0x00, 0x00, 0xb8,
        0x18, 0x00, 0x00, 0x00, 0x8e, 0xd8, 0x8e, 0xc0, 0x8e, 0xd0, 0x8e, 0xe0,
        0x8e, 0xe8, 0x48, 0x8d, 0x25, 0xd3, 0x0f, 0x00, 0x00, 0x48, 0x8d, 0x05,
        0x05, 0x00, 0x00, 0x00, 0x6a, 0x10, 0x50, 0x48, 0xcb, 0x48, 0x8b, 0x35,
        0x30, 0x00, 0x00, 0x00, 0x48, 0x8b, 0x05, 0x31, 0x00, 0x00, 0x00, 0x31,
        0xdb, 0x31, 0xc9, 0x31, 0xd2, 0x31, 0xff, 0x31, 0xed, 0x45, 0x31, 0xc0,
        0x45, 0x31, 0xc9, 0x45, 0x31, 0xd2, 0x45, 0x31, 0xdb, 0x45, 0x31, 0xe4,
        0x45, 0x31, 0xed, 0x45, 0x31, 0xf6, 0x45, 0x31, 0xff, 0xff, 0xe0, 0xf4,
        0xeb, 0xfd, 0x66, 0x90, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xff, 0xff, 0x00, 0x00, 0x00, 0x9a, 0xaf, 0x00, 0xff, 0xff, 0x00, 0x00,
        0x00, 0x92, 0xcf, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]

    /// The purgatory page with both addresses filled in (little-endian).
    public static func page(bootParams: UInt64, kernelEntry: UInt64) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: size)
        page.replaceSubrange(0..<code.count, with: code)
        LittleEndian.store(bootParams, into: &page, at: bootParamsOffset)
        LittleEndian.store(kernelEntry, into: &page, at: kernelEntryOffset)
        return page
    }
}
