// libFuzzer entry points of swiftboot's parsers (docs/fuzzing.md). One binary holds every
// target; SWIFTBOOT_FUZZ_TARGET names the one a run exercises. Built by scripts/fuzz
// with `swiftc -sanitize=fuzzer,address`, never linked into the PID-1 binary.
import Glibc

/// The fuzz targets by name: each takes one input and must return without crashing,
/// trapping or hanging, whatever the bytes.
let fuzzTargets: [(name: String, run: ([UInt8]) -> Void)] = [
    ("grub-lexer", ConfigTargets.grubLexer),
    ("grub-parser", ConfigTargets.grubParser),
    ("grub", ConfigTargets.grub),
    ("syslinux", ConfigTargets.syslinux),
    ("extlinux-uboot", ConfigTargets.extlinuxUBoot),
    ("bls", ConfigTargets.bls),
    ("loader-conf", ConfigTargets.loaderConf),
    ("grubenv", ConfigTargets.grubenv),
    ("ipxe", ConfigTargets.ipxe),
    ("uki", BinaryTargets.uki),
    ("kernel-image", BinaryTargets.kernelImage),
    ("cpio-module-info", BinaryTargets.moduleInfo),
    ("cpio-layout", BinaryTargets.layout),
    ("md-superblock", StorageTargets.mdSuperblock),
    ("lvm-metadata", StorageTargets.lvmMetadata),
    ("json", ConfigTargets.json),
]

nonisolated(unsafe) var selectedTarget: (([UInt8]) -> Void)?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let wanted = getenv("SWIFTBOOT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    if wanted == "list" {
        for target in fuzzTargets { print(target.name) }
        exit(0)
    }
    guard let target = fuzzTargets.first(where: { $0.name == wanted }) else {
        let names = fuzzTargets.map(\.name).joined(separator: " ")
        fputs("swiftboot-fuzz: set SWIFTBOOT_FUZZ_TARGET to one of: \(names) (or list)\n", stderr)
        exit(2)
    }
    selectedTarget = target.run
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget?(bytes)
    return 0
}
