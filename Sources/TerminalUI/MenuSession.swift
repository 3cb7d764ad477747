#if canImport(Glibc)
import Glibc
#endif
import BootMenu
import LinuxSystem

/// The write end of the SIGWINCH self-pipe (a signal handler can only reach globals).
private var resizePipeWrite: Int32 = -1

/// Runs a `MenuModel` on one or more consoles: draws it on every console, feeds it the
/// keys of the console in control (the first one a key comes from) and clock ticks, and
/// hands its effects to the caller. Other consoles mirror the menu.
public final class MenuSession {
    /// What the effect handler wants next.
    public enum Next {
        case proceed
        case exit(Int32)
    }

    public var model: MenuModel
    public private(set) var consoles: [Console]
    /// Index into `consoles` of the one in control, once a key was pressed.
    public private(set) var controller: Int?
    /// Where the log screen's lines come from.
    public var logLines: () -> [String] = { [] }
    /// How long a lone Esc waits for the rest of a sequence, in ms.
    public var escapeDelay: Int64 = 25
    /// Clock ticks while idle, in ms.
    public var tickInterval: Int64 = 200
    /// Called once, after the menu was first drawn (or, when hidden, once it waits for keys).
    public var onReady: () -> Void = {}
    /// Called after every draw (or, when hidden, every turn of the loop), after `onReady`.
    public var onDrawn: () -> Void = {}
    private var readyReported = false

    private var watches: [(fd: Int32, handler: (MenuSession) -> Void)] = []
    private var resizeRead: Int32 = -1

    public init(model: MenuModel, consoles: [Console]) {
        self.model = model
        self.consoles = consoles
        if let first = consoles.first { self.model.resize(rows: first.rows, columns: first.columns) }
    }

    /// Calls `handler` whenever `fd` is readable (e.g. the hotplug socket).
    public func watch(fd: Int32, _ handler: @escaping (MenuSession) -> Void) {
        watches.append((fd, handler))
    }

    /// Stops watching `fd`.
    public func unwatch(fd: Int32) {
        watches.removeAll { $0.fd == fd }
    }

    /// Draws the model on every console (nothing while it is hidden).
    public func redraw() {
        guard model.visible else { return }
        consoles.forEach { $0.requestSizeIfNeeded() }
        for (i, console) in consoles.enumerated() where !console.isClosed {
            var image = MenuView.render(model, rows: console.rows, columns: console.columns, unicode: console.unicode)
            if let c = controller, c != i, !image.lines.isEmpty {
                image.lines[image.lines.count - 1] = ScreenLine(TextFit.fit(" The menu is in use on \(consoles[c].name).", width: console.columns - 1, unicode: console.unicode), .help)
                image.cursor = nil
            }
            console.draw(image)
        }
    }

    /// Makes the next draw repaint every terminal whole (after kernel messages were
    /// printed over the menu, for instance).
    public func invalidate() {
        consoles.forEach { $0.invalidate() }
    }

    /// Gives every terminal back (before running a shell, or printing after the menu).
    public func suspend() {
        consoles.forEach { $0.suspend() }
    }

    /// Takes the terminals again and repaints.
    public func resume() {
        consoles.forEach { $0.resume() }
        redraw()
    }

    /// Leaves curses on every console.
    public func close() {
        consoles.forEach { $0.close() }
    }

    /// The console in control, or the first one.
    public var activeConsole: Console? {
        controller.map { consoles[$0] } ?? consoles.first
    }

    /// Runs until `perform` returns `.exit` (or every console hung up: status 1).
    public func run(perform: (MenuEffect, MenuSession) -> Next) -> Int32 {
        setUpResizeSignal()
        defer { tearDownResizeSignal() }
        // Keys typed before the menu started (held during boot) count: with a zero
        // timeout they show the menu instead of booting at once.
        var first = true
        while true {
            if !first {
                refreshLog()
                redraw()
                if !readyReported {
                    readyReported = true
                    onReady()
                }
                onDrawn()
            }
            if consoles.allSatisfy(\.isClosed) { return 1 }
            let waiting = consoles.contains { $0.escapeSince != nil }
            var descriptors: [(FileDescriptor, PollEvents)] = consoles.map {
                (FileDescriptor(rawValue: $0.isClosed ? -1 : $0.inputFD), .input)
            }
            descriptors.append((FileDescriptor(rawValue: resizeRead), .input))
            descriptors += watches.map { (FileDescriptor(rawValue: $0.fd), .input) }
            let wait = first ? 0 : Int32(waiting ? escapeDelay : tickInterval)
            first = false
            let ready = (try? LinuxSystem.poll(descriptors, timeout: wait)) ?? []
            let now = MonotonicClock.milliseconds()
            for (i, console) in consoles.enumerated() where !console.isClosed {
                var inputs: [TerminalInput] = []
                if i < ready.count, !ready[i].isDisjoint(with: [.input, .hangUp, .error]) { inputs += console.readInput(now: now) }
                inputs += console.flushEscape(now: now, delay: escapeDelay)
                for input in inputs {
                    switch input {
                    case .cursorPosition(let row, let column):
                        if console.sizeReported(row: row, column: column), console === activeConsole {
                            model.resize(rows: row, columns: column)
                        }
                    case .key(let key):
                        if case .exit(let code) = press(key, from: i, perform) { return code }
                    }
                }
            }
            if let c = controller, consoles[c].isClosed {
                // The console in control hung up: the next one to act takes over.
                controller = nil
            }
            if ready.count > consoles.count, ready[consoles.count].contains(.input) { handleResize() }
            for (j, w) in watches.enumerated() where consoles.count + 1 + j < ready.count {
                // A pipe whose writers are gone reports only hang-up.
                if !ready[consoles.count + 1 + j].isDisjoint(with: [.input, .hangUp]) { w.handler(self) }
            }
            if case .exit(let code) = apply(model.handle(.tick(MonotonicClock.milliseconds())), perform) { return code }
        }
    }

    private func press(_ key: Key, from index: Int, _ perform: (MenuEffect, MenuSession) -> Next) -> Next {
        if key == .control("l") {
            repaintAll()
            return .proceed
        }
        if controller == nil {
            controller = index
            model.resize(rows: consoles[index].rows, columns: consoles[index].columns)
        }
        guard controller == index else { return .proceed }
        if key == .character("l") { model.log = logLines() }
        return apply(model.handle(.key(key)), perform)
    }

    private func apply(_ effects: [MenuEffect], _ perform: (MenuEffect, MenuSession) -> Next) -> Next {
        for effect in effects {
            redraw()
            if case .exit(let code) = perform(effect, self) { return .exit(code) }
        }
        return .proceed
    }

    private func refreshLog() {
        if model.screen == .log { model.log = logLines() }
    }

    private func handleResize() {
        var buffer = [UInt8](repeating: 0, count: 64)
        _ = buffer.withUnsafeMutableBytes { Glibc.read(resizeRead, $0.baseAddress, $0.count) }
        for c in consoles { c.refreshSize() }
        if let c = activeConsole { model.resize(rows: c.rows, columns: c.columns) }
    }

    /// Ctrl-L: every terminal's size is learned again (from the tty, or asked of the
    /// terminal, whose answer resizes the menu when it comes) and the next draw repaints
    /// every terminal whole.
    private func repaintAll() {
        for c in consoles {
            c.refreshSize()
            c.invalidate()
        }
        if let c = activeConsole { model.resize(rows: c.rows, columns: c.columns) }
    }

    private func setUpResizeSignal() {
        guard let pipe = WakePipe.make() else { return }
        resizeRead = pipe.read
        resizePipeWrite = pipe.write
        signal(SIGWINCH) { _ in
            var byte: UInt8 = 1
            _ = write(resizePipeWrite, &byte, 1)
        }
    }

    private func tearDownResizeSignal() {
        signal(SIGWINCH, SIG_DFL)
        if resizeRead >= 0 { Glibc.close(resizeRead); resizeRead = -1 }
        if resizePipeWrite >= 0 { Glibc.close(resizePipeWrite); resizePipeWrite = -1 }
    }
}
