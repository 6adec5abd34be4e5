import Foundation
import NcursesTerminal
import TerminalUI
import Testing

/// The program the tmux tests run: this test binary re-executed with KAMENG_NC_DEMO set, filtered to
/// this one test. It drives the real backend on a real (tmux) terminal — no test double in between.
@Suite("Real terminal demo (child process only)",
       .enabled(if: ProcessInfo.processInfo.environment["KAMENG_NC_DEMO"] != nil))
struct RealTerminalDemo {
    @Test func demoChild() throws {
        let terminal = try NcursesTerminal.start(options: NcursesOptions())
        var selected = 0
        var lastKey = "none"
        while true {
            let (columns, rows) = terminal.size
            var frame = TableFrame.make(columns: columns, rows: rows, selected: selected)
            let report = terminal.report
            frame.placeText(" size \(columns)x\(rows) term \(report.term) locale \(report.locale ?? "-")",
                      x: 0, y: 1, style: Style(.muted))
            frame.placeText(" last key: \(lastKey)     ", x: 60, y: 1, style: Style(.accent))
            terminal.draw(frame)
            guard let key = terminal.readKey(timeoutMilliseconds: 200) else {
                if let signal = terminal.takePendingSignal() {
                    terminal.stop()
                    print("stopped by signal \(signal)")
                    return
                }
                continue
            }
            lastKey = "\(key)"
            switch key {
            case .char("q"):
                terminal.stop()
                print("clean exit")
                return
            case .char("x"):
                fatalError("demo crash")  // the crash path must still restore the terminal
            case .down: selected = min(selected + 1, rows - 7)
            case .up: selected = max(selected - 1, 0)
            case .ctrl("l"): terminal.forceFullRedraw()
            default: break
            }
        }
    }
}
