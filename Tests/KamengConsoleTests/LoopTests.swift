import Foundation
import KamengConsole
import TerminalUI
import Testing

@Suite("ConsoleApp: the loop with a fake terminal")
struct LoopTests {
    @Test func loadsPagesByKeyAsTheSelectionReachesTheEnd() {
        let data = LoopData(rows: Fixture.orders(0..<90))
        var step = 0
        let backend = FakeBackend { backend in
            switch step {
            case 0 where backend.lastText.contains("已加载 50 条订单"): step = 1; return .char("G")
            case 1 where backend.lastText.contains("共 90 条订单"): step = 2; return .char("q")
            default: return nil
            }
        }
        let app = ConsoleApp(data, backend: backend)
        app.idleTimeoutMilliseconds = 10
        let final = app.run()
        #expect(step == 2, "last screen:\n\(backend.lastText)")
        #expect(final.orders.rows.count == 90)
        #expect(data.pageRequests.map { $0?.id } == [nil, Fixture.order(49).order.id])
        #expect(backend.stopped)
    }

    @Test func anIdleConsoleDoesNotRedraw() {
        let data = LoopData(rows: Fixture.orders(0..<10))
        var settledAt: Int?
        // Settled: orders shown and no spinner (the stock query has answered too).
        func settled(_ text: String) -> Bool {
            text.contains("共 10 条订单") && !text.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }
        }
        let backend = FakeBackend { backend in
            guard settled(backend.lastText) else { return nil }
            if settledAt == nil { settledAt = backend.reads }
            return backend.reads - settledAt! >= 40 ? .char("q") : nil
        }
        let app = ConsoleApp(data, backend: backend)
        app.idleTimeoutMilliseconds = 10
        app.pollInterval = 0.05
        app.run()
        let framesWhenSettled = backend.frames.firstIndex { settled($0.lines.joined(separator: "\n")) }!
        #expect(backend.frames.count == framesWhenSettled + 1, "no frame after the data settled")
    }

    @Test func anotherWriterTriggersAReloadThatKeepsTheSelection() {
        let data = LoopData(rows: Fixture.orders(0..<30))
        let newcomer = Fixture.order(-1, id: 99_999)
        var step = 0
        let backend = FakeBackend { backend in
            switch step {
            case 0 where backend.lastText.contains("共 30 条订单"): step = 1; return .char("j")
            case 1: step = 2; return .char("j")
            case 2: step = 3; data.insertNewest([newcomer]); return nil
            case 3 where backend.lastText.contains(newcomer.order.orderNo): step = 4; return .char("q")
            default: return nil
            }
        }
        let app = ConsoleApp(data, backend: backend)
        app.idleTimeoutMilliseconds = 10
        app.pollInterval = 0.05
        let final = app.run()
        #expect(step == 4, "last screen:\n\(backend.lastText)")
        #expect(final.orders.selectedOrderID == Fixture.order(2).order.id)
        #expect(final.orders.selected == 3)
    }

    @Test func aSlowQueryNeverBlocksKeys() {
        // The order query is held until the test has seen the other pane: a condition, not a deadline,
        // so a busy machine cannot make it pass or fail by timing.
        let gate = LoopData.Gate()
        let data = LoopData(rows: Fixture.orders(0..<10), gate: gate)
        // Only a console that does block would get here: it fails the expectation below instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { gate.open() }
        var switchedWhileQueryHeld: Bool?
        var sawSpinner = false
        let backend = FakeBackend { backend in
            if backend.lastText.contains("加载中") { sawSpinner = true }
            if switchedWhileQueryHeld == nil, backend.lastText.contains("触发规则") {
                switchedWhileQueryHeld = !gate.isOpen
                gate.open()
                return .char("q")
            }
            return backend.frames.isEmpty ? nil : .char("5")
        }
        let app = ConsoleApp(data, backend: backend)
        app.run()
        gate.open()
        #expect(sawSpinner)
        #expect(switchedWhileQueryHeld == true, "the pane switch waited for the order query")
    }

    @Test func ctrlLForcesAFullRedrawAndResizeRelayouts() {
        let data = LoopData(rows: Fixture.orders(0..<10))
        var step = 0
        let backend = FakeBackend(columns: 100, rows: 20) { backend in
            switch step {
            case 0 where backend.lastText.contains("共 10 条订单"): step = 1; return .ctrl("l")
            case 1: step = 2; backend.size = (30, 8); return .resize
            case 2 where backend.lastText.contains("终端太小"): step = 3; return .char("q")
            default: return nil
            }
        }
        let app = ConsoleApp(data, backend: backend)
        app.idleTimeoutMilliseconds = 10
        app.run()
        #expect(step == 3, "last screen:\n\(backend.lastText)")
        #expect(backend.fullRedraws == 1)
        #expect(backend.frames.last?.width == 30)
    }

    @Test func anEngineRefusalReachesTheScreenInTheConsolesLanguage() {
        let data = LoopData(rows: Fixture.orders(0..<10))
        data.failing("alerts.levels", with: .storage(code: 5, message: "database is locked"))
        var step = 0
        let backend = FakeBackend { backend in
            switch step {
            case 0 where backend.lastText.contains("共 10 条订单"): step = 1; return .char("2")
            case 1 where backend.lastText.contains("数据库错误 5：database is locked"): step = 2; return .char("q")
            default: return nil
            }
        }
        let app = ConsoleApp(data, backend: backend)
        app.idleTimeoutMilliseconds = 10
        app.run()
        #expect(step == 2, "last screen:\n\(backend.lastText)")
        #expect(data.calls.contains("alerts.levels"))
    }
}
