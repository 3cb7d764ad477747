/// Exit statuses the `ui` child uses to talk to PID 1.
enum ExitStatus {
    /// The child loaded a kexec image: PID 1 performs the hand-off.
    static let handOff: Int32 = 42
}
