// swift-tools-version:6.0
import PackageDescription

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

        // Pure logic: standard library only.
        .target(name: "BootConfig"),
        .target(name: "BootMenu", dependencies: ["BootConfig"]),
        .target(name: "Cpio"),
        .target(name: "NetProtocols"),

        // System layers.
        .target(name: "LinuxSystem", dependencies: ["CLinux", "BootConfig"]),
        .target(name: "Devices", dependencies: ["LinuxSystem", "BootConfig", "CBlkid"]),
        .target(name: "Kexec", dependencies: ["LinuxSystem", "BootConfig", "Cpio"]),
        .target(name: "TerminalUI", dependencies: ["BootMenu", "BootConfig", "LinuxSystem", "CNcursesw"]),
        .target(name: "Network", dependencies: ["LinuxSystem", "NetProtocols", "CLinux", "CMbedTLS"]),

        .executableTarget(
            name: "swiftboot",
            dependencies: ["BootConfig", "BootMenu", "LinuxSystem", "Devices", "Kexec", "TerminalUI",
                           "NetProtocols", "Network"]),
        .executableTarget(name: "mkinitramfs", dependencies: ["Cpio"]),

        .testTarget(name: "BootConfigTests", dependencies: ["BootConfig"]),
        .testTarget(name: "BootMenuTests", dependencies: ["BootMenu", "BootConfig"]),
        .testTarget(name: "CpioTests", dependencies: ["Cpio"]),
        .testTarget(name: "KexecTests", dependencies: ["Kexec", "LinuxSystem"]),
        .testTarget(name: "LinuxSystemTests", dependencies: ["LinuxSystem", "BootConfig"]),
        .testTarget(name: "DevicesTests", dependencies: ["Devices", "LinuxSystem", "BootConfig"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "NetProtocolsTests", dependencies: ["NetProtocols"]),
    ],
    swiftLanguageModes: [.v5]
)
