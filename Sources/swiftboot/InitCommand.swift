/// `swiftboot init`
enum InitCommand {
    static func run(_ args: [String]) -> Int32 {
        fail("init: not available yet")
    }
}
