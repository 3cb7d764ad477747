#if canImport(Glibc)
import Glibc
#endif
import BootMenu
import LinuxSystem
import NetProtocols
import TerminalUI

/// The screen of a kernel or initrd download at boot: the URL and a progress line
/// (bytes, rate, ETA) on every console, at most five times a second; Esc on any console
/// cancels the download.
final class DownloadScreen {
    private let consoles: [Console]
    private let title: String
    private var lastDraw: Int64 = 0
    private var lastURL = ""
    private var lastLogged: Int64 = -1
    private(set) var cancelled = false

    init(consoles: [Console], title: String) {
        self.consoles = consoles
        self.title = title
    }

    /// Shows `progress` of `url` (throttled; the first and the last update always draw).
    func show(_ url: String, _ progress: TransferProgress) {
        let now = MonotonicClock.milliseconds()
        let done = progress.total.map { progress.bytes >= $0 } ?? false
        guard url != lastURL || done || now - lastDraw >= 200 else { return }
        lastDraw = now
        if url != lastURL { lastURL = url; lastLogged = -1 }
        // The log (console and kmsg) gets a line per 10 %: enough to follow a boot in logs.
        if let f = progress.fraction {
            let decile = Int64(f * 10)
            if decile > lastLogged {
                lastLogged = decile
                Log.info("net: \(url): \(progress.line(width: 72))")
            }
        }
        for console in consoles where !console.isClosed {
            let width = max(20, console.columns - 2)
            var lines = [ScreenLine(TextFit.fit(" Booting '\(title)'", width: console.columns, unicode: console.unicode), .titleBar),
                         ScreenLine(""),
                         ScreenLine(TextFit.fit(" Downloading \(url)", width: console.columns, unicode: console.unicode)),
                         ScreenLine(" " + progress.line(width: width)),
                         ScreenLine(""),
                         ScreenLine(" Esc cancels and returns to the menu.", .help)]
            if lines.count > console.rows { lines = Array(lines.prefix(console.rows)) }
            console.draw(ScreenImage(lines: lines, cursor: nil))
        }
    }

    /// Whether Esc was pressed on a console since the last call (polled by the transfer).
    func escapePressed() -> Bool {
        if cancelled { return true }
        for console in consoles where !console.isClosed {
            var pfd = pollfd(fd: console.inputFD, events: Int16(POLLIN), revents: 0)
            while poll(&pfd, 1, 0) > 0, pfd.revents & Int16(POLLIN) != 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                let n = read(console.inputFD, &buffer, buffer.count)
                if n <= 0 { break }
                // A lone Esc; arrow keys and the like arrive as Esc [ ... in one read.
                if n == 1 && buffer[0] == 0x1b { cancelled = true }
                if n >= 2, buffer[0] == 0x1b, buffer[1] == 0x1b { cancelled = true }
                pfd.revents = 0
            }
        }
        if cancelled { Log.info("net: download cancelled (Esc)") }
        return cancelled
    }
}
