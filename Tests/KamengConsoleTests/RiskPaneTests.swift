import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI
import Testing

/// The risk queue without a database: marking, bulk decisions behind a confirm on Cancel, the step-up
/// code a refund may need, notes, the role check, and golden screens.
@Suite("risk pane")
struct RiskPaneTests {
    static func held(_ i: Int, score: Int, rules: [RiskFinding]) -> OrderSummary {
        var summary = Fixture.order(i)
        summary.order = Order(id: summary.order.id, orderNo: summary.order.orderNo, substationId: 1, buyer: "farm-\(i % 2)",
                              ip: "203.0.113.77", device: "dev-farm-0001", productId: 1, quantity: 1 + i % 3,
                              amount: Money(fen: Int64(9_900 * (1 + i))), status: .flagged, riskScore: score, riskFindings: rules,
                              createdAt: summary.order.createdAt)
        return summary
    }

    static let rows = [
        held(1, score: 100, rules: [RiskFinding(rule: .blacklistedBuyer, weight: 100, observed: 1, limit: 0)]),
        held(2, score: 80, rules: [RiskFinding(rule: .buyersPerDevice, weight: 50, observed: 9, limit: 3),
                                   RiskFinding(rule: .ipVelocity, weight: 40, observed: 14, limit: 10)]),
        held(3, score: 60, rules: [RiskFinding(rule: .newBuyerLargeOrder, weight: 30, observed: 80_000, limit: 50_000),
                                   RiskFinding(rule: .quantityCap, weight: 30, observed: 20, limit: 10)]),
    ]

    static func state(role: Role = .support, width: Int = 120, height: Int = 40, language: UILanguage = .zh) -> ConsoleState {
        var state = Fixture.state(rows: [], width: width, height: height, language: language)
        state.role = role
        _ = reduce(&state, .risk(.loaded(rows, at: Fixture.newest.addingTimeInterval(3_600))))
        _ = reduce(&state, .command(.showRisk))
        return state
    }

    @Test("the status line counts every held order when the queue lists only the first of them")
    func theStatusCountsTheWholeQueue() {
        var state = Self.state(language: .en)
        #expect(Pane.risk.status(state) == "3 held orders", "no count yet: the rows listed")
        _ = reduce(&state, .risk(.counted(8_142)))
        #expect(Pane.risk.status(state) == "8142 held orders, the 3 highest-scored listed")
        _ = reduce(&state, .risk(.counted(3)))
        #expect(Pane.risk.status(state) == "3 held orders")
    }

    @Test func approveOneAsksFirstWithFocusOnCancel() {
        var state = Self.state()
        _ = reduce(&state, .command(state.command(for: .char("a"))!))
        guard case .confirm(.approve, let ids, _, let focus)? = state.risk.dialog else { Issue.record("no dialog"); return }
        #expect(ids == [Self.rows[0].order.id!] && focus.focus == .cancel)
        #expect(reduce(&state, .typed(.enter)).isEmpty)
        _ = reduce(&state, .command(.approve))
        _ = reduce(&state, .typed(.left))
        #expect(reduce(&state, .typed(.enter)) == [.risk(.decide(.approve, orderIds: ids, note: "", code: nil))])
    }

    @Test func bulkApproveTakesTheMarkedOrders() {
        var state = Self.state()
        _ = reduce(&state, .command(.toggleMark))
        _ = reduce(&state, .command(.moveDown))
        _ = reduce(&state, .command(.moveDown))
        _ = reduce(&state, .command(.toggleMark))
        #expect(state.risk.marked.count == 2)
        Golden.check(render(state, width: 120, height: 40), "risk-marked-120x40-zh")
        _ = reduce(&state, .command(.approve))
        guard case .confirm(.approve, let ids, let nos, _)? = state.risk.dialog else { Issue.record("no dialog"); return }
        #expect(Set(ids) == Set([Self.rows[0].order.id!, Self.rows[2].order.id!]) && nos.count == 2)
        _ = reduce(&state, .typed(.tab))
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .risk(.decided(.approve, orderIds: ids, count: 2)))
        #expect(state.risk.rows?.count == 1 && state.risk.selectedOrder?.order.id == Self.rows[1].order.id)
        #expect(state.risk.marked.isEmpty)
    }

    @Test func aRefundAboveTheLimitAsksForTheCodeThenRetries() {
        var state = Self.state()
        _ = reduce(&state, .command(.reject))
        _ = reduce(&state, .typed(.right))
        guard case .pane(let message)? = reduce(&state, .typed(.enter)).first,
              case .decide(.reject, let ids, _, nil, [])? = message.value(as: RiskEffect.self) else { Issue.record("no decision"); return }
        _ = reduce(&state, .risk(.needsCode(orderIds: ids)))
        for c in "654321" { _ = reduce(&state, .typed(.char(c))) }
        #expect(reduce(&state, .typed(.enter)) == [.risk(.decide(.reject, orderIds: ids, note: "", code: "654321"))])
    }

    @Test func rejectOffersToBlacklistNoneTickedAndFocusOnCancel() {
        var state = Self.state()
        _ = reduce(&state, .command(state.command(for: .char("x"))!))
        guard case .reject(let box)? = state.risk.dialog else { Issue.record("no reject box"); return }
        #expect(box.blacklist.isEmpty && box.focus.focus == .cancel && box.orderIds == [Self.rows[0].order.id!])
        #expect(box.values[.ip] == ["203.0.113.77"] && box.values[.buyer] == ["farm-1"])
        #expect(state.hintBindings.contains { $0.action == .toggleOption }, "the hint bar says how to tick")
        #expect(reduce(&state, .typed(.char(" "))).isEmpty, "Space ticks the IP, the first option")
        _ = reduce(&state, .typed(.down))
        _ = reduce(&state, .typed(.down))
        _ = reduce(&state, .typed(.char(" ")))
        _ = reduce(&state, .typed(.down))  // wraps to IP
        _ = reduce(&state, .typed(.down))
        _ = reduce(&state, .typed(.char(" ")))
        _ = reduce(&state, .typed(.char(" ")))  // buyer ticked and unticked again
        guard case .reject(let ticked)? = state.risk.dialog else { Issue.record("box closed"); return }
        #expect(ticked.blacklist == [.ip, .device])
        Golden.check(render(state, width: 80, height: 24), "risk-reject-blacklist-80x24-zh")
        #expect(reduce(&state, .typed(.enter)).isEmpty, "Enter on Cancel does nothing")
        #expect(state.risk.dialog == nil)

        _ = reduce(&state, .command(.reject))
        _ = reduce(&state, .typed(.char(" ")))
        _ = reduce(&state, .typed(.tab))
        let ids = [Self.rows[0].order.id!]
        #expect(reduce(&state, .typed(.enter)) == [.risk(.decide(.reject, orderIds: ids, note: "", code: nil, blacklist: [.ip]))])
        // A refund needing a code keeps the choice for the retry.
        _ = reduce(&state, .risk(.needsCode(orderIds: ids, blacklist: [.ip])))
        for c in "123456" { _ = reduce(&state, .typed(.char(c))) }
        #expect(reduce(&state, .typed(.enter)) == [.risk(.decide(.reject, orderIds: ids, note: "", code: "123456", blacklist: [.ip]))])
        _ = reduce(&state, .risk(.decided(.reject, orderIds: ids, count: 1, blacklisted: [.ip])))
        #expect(render(state, width: 80, height: 24).lines[1].contains("已拒绝 1 个订单，并拉黑：IP"))
    }

    @Test func bulkRejectCountsTheDistinctValuesAndAnEmptyKindCannotBeTicked() {
        var state = Self.state(language: .en)
        state.risk.rows![1].order.device = ""
        state.risk.rows![0].order.device = ""
        _ = reduce(&state, .command(.toggleMark))
        _ = reduce(&state, .command(.moveDown))
        _ = reduce(&state, .command(.toggleMark))
        _ = reduce(&state, .command(.reject))
        guard case .reject(var box)? = state.risk.dialog else { Issue.record("no reject box"); return }
        #expect(box.values[.ip]?.count == 1 && box.values[.buyer]?.count == 2 && box.values[.device] == [])
        box.option = .device
        state.risk.dialog = .reject(box)
        _ = reduce(&state, .typed(.char(" ")))
        guard case .reject(let after)? = state.risk.dialog else { Issue.record("box closed"); return }
        #expect(after.blacklist.isEmpty, "nothing to blacklist for a kind the orders do not have")
        let text = render(state, width: 100, height: 30).lines.joined(separator: "\n")
        #expect(text.contains("Also blacklist their buyers (2)") && text.contains("Also blacklist the device (none on the order)"))
    }

    @Test func aNoteNeedsText() {
        var state = Self.state()
        _ = reduce(&state, .command(.addNote))
        #expect(reduce(&state, .typed(.enter)).isEmpty)
        for c in "买家已电话核实" { _ = reduce(&state, .typed(.char(c))) }
        #expect(reduce(&state, .typed(.enter)) == [.risk(.decide(.note, orderIds: [Self.rows[0].order.id!], note: "买家已电话核实", code: nil))])
    }

    @Test func onCallSeesTheQueueButOperatorsWhoMayNotReviewAreNotOffered() {
        let oncall = Self.state(role: .oncall)
        #expect(oncall.hintBindings.contains { $0.action == .approve })
        var viewer = Self.state()
        viewer.role = nil
        #expect(!viewer.hintBindings.contains { $0.action == .approve })
        _ = reduce(&viewer, .command(.approve))
        #expect(viewer.risk.dialog == nil)
    }

    @Test func goldenWithRelatedOrders() {
        var state = Self.state(width: 100, height: 30, language: .en)
        let first = Self.rows[0]
        _ = reduce(&state, .risk(.relatedLoaded(RelatedOrders(orderId: first.order.id!, sameIP: Self.rows, sameBuyer: [Self.rows[2]], sameDevice: Self.rows))))
        Golden.check(render(state, width: 100, height: 30), "risk-related-100x30-en")
    }
}
