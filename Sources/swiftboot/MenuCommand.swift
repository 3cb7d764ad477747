/// `swiftboot menu`
enum MenuCommand {
    static func run(_ args: [String]) -> Int32 {
        fail("menu: not available yet")
    }
}
