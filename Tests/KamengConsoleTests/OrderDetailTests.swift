import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI
import Testing

/// The orders pane's filter, detail and reveal without a database.
@Suite("orders pane: filter, detail, reveal")
struct OrderDetailTests {
    static func state(role: Role = .support) -> ConsoleState {
        var state = Fixture.state(rows: Fixture.orders(0..<20))
        state.role = role
        return state
    }

    static func detail(_ summary: OrderSummary) -> OrderDetail {
        OrderDetail(summary: summary,
                    history: [AuditEvent(id: 7, at: summary.order.createdAt.addingTimeInterval(31), actor: "system", action: "order.deliver",
                                         target: "order:\(summary.order.orderNo)", detail: "2 key(s)")],
                    keys: [MaskedKey(id: 101, numberHint: "4321", status: "sold"), MaskedKey(id: 102, numberHint: nil, status: "sold")])
    }

    @Test func typingAFilterReloadsWithTheQueryAndEscClearsIt() {
        var state = Self.state()
        _ = reduce(&state, .command(state.command(for: .char("/"))!))
        #expect(state.capturesKeys)
        var last: [ConsoleEffect] = []
        for c in "buyer3 status:held" { last = reduce(&state, .typed(.char(c))) }
        guard let request = last.ordersRequest else { Issue.record("no reload: \(last)"); return }
        #expect(request.query.words == ["buyer3"] && request.query.status == .flagged && request.after == nil)
        _ = reduce(&state, .typed(.enter))
        #expect(!state.capturesKeys && state.orders.query.status == .flagged)
        guard let cleared = reduce(&state, .command(.closeOverlay)).ordersRequest else { Issue.record("no reload"); return }
        #expect(cleared.query.isEmpty)
    }

    @Test func queryParsing() {
        let query = OrderQuery.parse("202611220004997  sub:east-sh-01 sku:QQ-10 状态:风控拦截 status:nonsense ::1")
        #expect(query.words == ["202611220004997", "::1"])
        #expect(query.substationCode == "east-sh-01" && query.productSKU == "QQ-10" && query.status == .flagged)
        #expect(query.problems == ["status: unknown \"nonsense\""])
    }

    @Test func revealNeedsAReasonThenASixDigitCodeAndHidesAfterThirtySeconds() {
        var state = Self.state()
        let summary = state.orders.rows[0]
        #expect(reduce(&state, .command(.activate)) == [.orders(.loadDetail(summary))])
        _ = reduce(&state, .orders(.detailLoaded(Self.detail(summary))))
        _ = reduce(&state, .command(.reveal))
        guard case .reason? = state.orders.revealStep else { Issue.record("no reason prompt"); return }
        for c in "ok" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.enter))
        guard case .reason? = state.orders.revealStep else { Issue.record("a two-letter reason was accepted"); return }
        for c in " 工单 #88" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.enter))
        guard case .code? = state.orders.revealStep else { Issue.record("no code prompt"); return }
        for c in "12a3456" { _ = reduce(&state, .typed(.char(c))) }
        let effects = reduce(&state, .typed(.enter))
        #expect(effects == [.orders(.reveal(orderId: summary.order.id!, reason: "ok 工单 #88", code: "123456", token: 1))])
        let keys = [ShownKey(id: 101, number: "8888000011114321", secret: "SECRET-ONE"), ShownKey(id: 102, number: nil, secret: "SECRET-TWO")]
        #expect(reduce(&state, .orders(.revealed(orderId: summary.order.id!, keys: keys, token: 1)))
                == [.orders(.hideRevealAfter(seconds: 30, token: 1))])
        Golden.check(render(state, width: 100, height: 30), "order-detail-revealed-100x30-zh")
        _ = reduce(&state, .orders(.hideReveal(token: 1)))
        #expect(state.orders.detail?.revealed == nil)
        let masked = render(state, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(!masked.contains("SECRET-ONE") && masked.contains(CardKey.secretMask))
        Golden.check(render(state, width: 100, height: 30), "order-detail-masked-100x30-zh")
    }

    @Test func onCallMayNotRevealAndIsNotOfferedIt() {
        var state = Self.state(role: .oncall)
        _ = reduce(&state, .command(.activate))
        _ = reduce(&state, .orders(.detailLoaded(Self.detail(state.orders.rows[0]))))
        _ = reduce(&state, .command(.reveal))
        #expect(state.orders.revealStep == nil)
        #expect(!render(state, width: 100, height: 30).lines.joined().contains("v 查看卡密"))
    }

    @Test func deliverNowAndRefundAskFirstAndARefundMayNeedACode() {
        var state = Self.state(role: .support)
        let awaiting = state.orders.rows.first { $0.order.status == .awaitingStock }!
        state.orders.selected = state.orders.rows.firstIndex(of: awaiting)!
        _ = reduce(&state, .command(.activate))
        _ = reduce(&state, .orders(.detailLoaded(Self.detail(awaiting))))
        _ = reduce(&state, .command(state.command(for: .char("d"))!))
        guard case .confirm(.deliver, let focus)? = state.orders.dialog else { Issue.record("no confirm"); return }
        #expect(focus.focus == .cancel && state.capturesKeys)
        _ = reduce(&state, .typed(.right))
        #expect(reduce(&state, .typed(.enter)) == [.orders(.act(.deliver, orderId: awaiting.order.id!, code: nil))])
        let after = reduce(&state, .orders(.acted(.deliver, orderId: awaiting.order.id!, outcome: "delivered 1 key(s)")))
        #expect(after.first == .orders(.loadDetail(awaiting)) && state.orders.notice == "delivered 1 key(s)")

        _ = reduce(&state, .command(.refund))
        _ = reduce(&state, .typed(.tab))
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .orders(.actionNeedsCode(.refund, orderId: awaiting.order.id!)))
        for c in "246810" { _ = reduce(&state, .typed(.char(c))) }
        #expect(reduce(&state, .typed(.enter)) == [.orders(.act(.refund, orderId: awaiting.order.id!, code: "246810"))])

        var oncall = Self.state(role: .oncall)
        _ = reduce(&oncall, .command(.activate))
        _ = reduce(&oncall, .orders(.detailLoaded(Self.detail(oncall.orders.rows[0]))))
        _ = reduce(&oncall, .command(.refund))
        #expect(oncall.orders.dialog == nil, "on-call may not refund")
    }
}
