import Foundation
import KamengTestSupport
import Testing

/// The backend on a real terminal: tmux runs this test binary in demo mode (see RealTerminalDemo).
@Suite("Real terminal through tmux", .enabled(if: TmuxSession.isAvailable))
struct RealTerminalTests {
    /// LANG names a locale these machines lack, as a Chinese desktop would: the backend must fall
    /// back to C.UTF-8 or 中文 turns to garbage.
    static func demo(width: Int = 120, height: Int = 40) throws -> TmuxSession {
        let binary = CommandLine.arguments[0]
        let command = "'\(binary)' --testing-library swift-testing --filter demoChild; "
            + "echo; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; "
            + "echo AFTER-EXIT; read line"
        return try TmuxSession(
            command: command, width: width, height: height,
            environment: ["KAMENG_NC_DEMO": "1", "LANG": "zh_CN.UTF-8", "SWIFT_BACKTRACE": "interactive=no"])
    }

    @Test func drawsChineseReadsKeysFollowsResizeAndQuitsCleanly() throws {
        let session = try Self.demo()
        defer { session.kill() }
        let screen = try session.waitFor("卡盟后台")
        #expect(screen[0].hasPrefix(" 卡盟后台  订单"))
        #expect(screen.contains { $0.contains("size 120x40") && $0.contains("C.UTF-8") })
        #expect(try session.alternateScreenIsOn())

        try session.startRecording()
        let before = session.settledRecordedBytes()
        try session.sendKeys("Down")
        try session.waitFor("last key: down")
        let moved = session.settledRecordedBytes() - before
        print("real terminal, selection move + status change at 120x40: \(moved) bytes")
        #expect(moved > 0 && moved <= 400)

        try session.type("中")
        try session.waitFor("last key: char(\"中\")")
        for (key, shown) in [("F5", "function(5)"), ("BTab", "backTab"), ("PageDown", "pageDown"), ("C-a", "ctrl(\"a\")")] {
            try session.sendKeys(key)
            try session.waitFor("last key: \(shown)")
        }

        try session.resize(width: 100, height: 30)
        let resized = try session.waitFor("size 100x30")
        #expect(resized.count == 30)
        #expect(resized[29].hasPrefix(" ↑↓ 选择"))

        try session.type("q")
        let after = try session.waitFor("AFTER-EXIT")
        #expect(after.contains { $0.contains("clean exit") })
        #expect(after.contains { $0.contains("icanon") && $0.contains("echo") && !$0.contains("-echo") })
        #expect(try session.alternateScreenIsOn() == false)
    }

    @Test func ctrlCStopsThroughTheLoopNotTheHandler() throws {
        let session = try Self.demo(width: 80, height: 24)
        defer { session.kill() }
        try session.waitFor("卡盟后台")
        try session.sendKeys("C-c")
        let after = try session.waitFor("AFTER-EXIT")
        #expect(after.contains { $0.contains("stopped by signal 2") })
        #expect(after.contains { $0.contains("icanon") && !$0.contains("-echo") })
        #expect(try session.alternateScreenIsOn() == false)
    }

    @Test func crashLeavesTheTerminalUsable() throws {
        let session = try Self.demo(width: 80, height: 24)
        defer { session.kill() }
        try session.waitFor("卡盟后台")
        try session.type("x")
        let after = try session.waitFor("AFTER-EXIT", timeout: .seconds(60))
        // The crash really happened (the shell reports the trap), after the handler restored the tty.
        #expect(after.contains { $0.contains("Illegal instruction") })
        #expect(after.contains { $0.contains("icanon") && !$0.contains("-icanon") && !$0.contains("-echo") })
        #expect(try session.alternateScreenIsOn() == false)
    }
}
