import Foundation
import KamengTestSupport
import Testing

@Suite("Tmux driver", .enabled(if: TmuxSession.isAvailable))
struct TmuxDriverTests {
    @Test func capturesPrintedText() throws {
        let session = try TmuxSession(command: "printf 'hello 卡盟\\nsecond line\\n'; read line", width: 40, height: 10,
                                      environment: ["LANG": "C.UTF-8"])
        defer { session.kill() }
        let screen = try session.waitFor("second line")
        #expect(screen[0] == "hello 卡盟")
        #expect(screen.count == 10)
        #expect(try session.hasExited() == false)
        try session.sendKeys("Enter")
        try session.waitUntil { _ in (try? session.hasExited()) == true }
    }

    @Test func resizeReachesTheProgram() throws {
        let session = try TmuxSession(
            command: "while read line; do echo \"size $(tput cols)x$(tput lines)\"; done", width: 80, height: 24)
        defer { session.kill() }
        try session.type("a")
        try session.sendKeys("Enter")
        try session.waitFor("size 80x24")
        try session.resize(width: 100, height: 30)
        try session.type("b")
        try session.sendKeys("Enter")
        try session.waitFor("size 100x30")
        #expect(try session.capture().count == 30)
    }

    @Test func recordsBytesWritten() throws {
        let session = try TmuxSession(command: "read line; printf '0123456789'; read line", width: 40, height: 5)
        defer { session.kill() }
        try session.startRecording()
        try session.sendKeys("Enter")
        try session.waitFor("0123456789")
        // The typed newline is echoed by the tty too ("\r\n"), so at least the ten digits arrive.
        #expect(session.settledRecordedBytes() >= 10)
    }

    @Test func timeoutReportsLastScreen() throws {
        let session = try TmuxSession(command: "printf 'only this'; sleep 5", width: 20, height: 3)
        defer { session.kill() }
        #expect(throws: TmuxError.self) {
            try session.waitUntil(timeout: .milliseconds(300)) { $0.contains("never") }
        }
    }
}
