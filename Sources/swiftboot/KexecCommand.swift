/// `swiftboot kexec`
enum KexecCommand {
    static func run(_ args: [String]) -> Int32 {
        fail("kexec: not available yet")
    }
}
