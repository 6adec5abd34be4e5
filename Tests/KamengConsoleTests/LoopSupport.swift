import Foundation
import KamengConsole
import TerminalUI

/// A terminal for the loop without a tty: records every frame, answers readKey from a script that sees
/// the frames so far (so a test waits for what is on screen, never for a fixed time).
final class FakeBackend: TerminalBackend {
    var size: (columns: Int, rows: Int)
    private(set) var frames: [Screen] = []
    private(set) var fullRedraws = 0
    private(set) var stopped = false
    private(set) var reads = 0
    var script: (FakeBackend) -> Key?
    private let deadline = Date().addingTimeInterval(20)

    init(columns: Int = 100, rows: Int = 20, script: @escaping (FakeBackend) -> Key?) {
        size = (columns, rows)
        self.script = script
    }

    var lastText: String { frames.last.map { $0.lines.joined(separator: "\n") } ?? "" }

    func draw(_ screen: Screen) { frames.append(screen) }
    func forceFullRedraw() { fullRedraws += 1 }
    func stop() { stopped = true }

    func readKey(timeoutMilliseconds: Int) -> Key? {
        reads += 1
        if Date() > deadline { return .char("q") }  // a broken test ends instead of hanging the run
        if let key = script(self) { return key }
        Thread.sleep(forTimeInterval: Double(min(timeoutMilliseconds, 5)) / 1000)
        return nil
    }
}
