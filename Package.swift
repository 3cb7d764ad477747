// swift-tools-version:6.0
import PackageDescription

/// The config parsers stay at `-O`: `-Osize` costs the GRUB parse 7.7 % more instructions
/// (`grub_parse_instructions`) for about 98 KB.
let noRegex: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-implicit-string-processing-module-import"]),
]

/// Settings of every module linked into the static PID-1 binary (docs/performance.md, "Size"):
/// no implicit `_StringProcessing` import (it drags `_StringProcessing` and `_RegexParser`,
/// about 1.2 MB, into the binary; no module uses Swift regexes), and `-Osize` for release
/// builds (`swift build` for tests stays `-Onone`) except BootConfig (`noRegex` above).
let lean: [SwiftSetting] = noRegex + [
    .unsafeFlags(["-Osize"], .when(configuration: .release)),
]

let package = Package(
    name: "swiftboot",
    products: [
        .executable(name: "swiftboot", targets: ["swiftboot"]),
        .executable(name: "mkinitramfs", targets: ["mkinitramfs"]),
    ],
    targets: [
        // C shims: syscalls Swift cannot call directly, and the two C libraries.
        .target(name: "CLinux"),
        .systemLibrary(name: "CBlkid", pkgConfig: "blkid", providers: [.apt(["libblkid-dev"])]),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CMbedTLS", providers: [.apt(["libmbedtls-dev"])]),
        .systemLibrary(name: "CArgon2", providers: [.apt(["libargon2-dev"])]),

        // Pure logic: standard library only.
        .target(name: "BootConfig", swiftSettings: noRegex),
        .target(name: "BootMenu", dependencies: ["BootConfig"], swiftSettings: lean),
        .target(name: "Cpio", swiftSettings: lean),
        .target(name: "NetProtocols", swiftSettings: lean),
        .target(name: "Measure", dependencies: ["BootConfig", "Cpio"], swiftSettings: lean),

        // System layers.
        .target(name: "LinuxSystem", dependencies: ["CLinux", "BootConfig"], swiftSettings: lean),
        .target(name: "Devices", dependencies: ["LinuxSystem", "BootConfig", "CBlkid", "Cpio", "Credentials"], swiftSettings: lean),
        .target(name: "Kexec", dependencies: ["LinuxSystem", "BootConfig", "Cpio", "Measure"], swiftSettings: lean),
        .target(name: "TerminalUI", dependencies: ["BootMenu", "BootConfig", "LinuxSystem", "CNcursesw"], swiftSettings: lean),
        .target(name: "Credentials", dependencies: ["BootConfig", "CMbedTLS", "CArgon2"], swiftSettings: lean),
        .target(name: "Network", dependencies: ["LinuxSystem", "NetProtocols", "CLinux", "CMbedTLS"], swiftSettings: lean),

        .executableTarget(
            name: "swiftboot",
            dependencies: ["BootConfig", "BootMenu", "LinuxSystem", "Devices", "Kexec", "TerminalUI",
                           "NetProtocols", "Network", "Credentials"],
            swiftSettings: lean),
        .executableTarget(name: "mkinitramfs", dependencies: ["Cpio", "BootConfig"]),

        .testTarget(name: "BootConfigTests", dependencies: ["BootConfig"]),
        .testTarget(name: "BootMenuTests", dependencies: ["BootMenu", "BootConfig"]),
        .testTarget(name: "CpioTests", dependencies: ["Cpio"]),
        .testTarget(name: "MeasureTests", dependencies: ["Measure", "BootConfig"]),
        .testTarget(name: "KexecTests", dependencies: ["Kexec", "LinuxSystem"]),
        .testTarget(name: "LinuxSystemTests", dependencies: ["LinuxSystem", "BootConfig"]),
        .testTarget(name: "DevicesTests", dependencies: ["Devices", "LinuxSystem", "BootConfig"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "NetProtocolsTests", dependencies: ["NetProtocols"]),
        .testTarget(name: "CredentialsTests", dependencies: ["Credentials", "BootConfig"]),
    ],
    swiftLanguageModes: [.v5]
)
