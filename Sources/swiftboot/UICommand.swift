/// `swiftboot ui`: the menu process PID 1 supervises.
enum UICommand {
    static func run(_ args: [String]) -> Int32 {
        fail("ui: not available yet")
    }
}
