import Foundation
import KamengDomain
import Testing

@Suite struct StockAlertAckTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func alert(_ available: Int) -> StockAlert {
        StockForecast.alerts([StockPosition(sku: "QQ", available: available, lowStockThreshold: 100, dailySales: [10, 10, 10])])[0]
    }

    @Test func anAcknowledgementHoldsWhileStockHoldsAndEndsWhenItFallsByHalfOrRunsOut() {
        let ack = StockAlertAck(sku: "QQ", availableAtAck: 40, by: "ops", at: now)
        #expect(ack.suppresses(alert(40), now: now))
        #expect(ack.suppresses(alert(20), now: now), "exactly half still holds")
        #expect(!ack.suppresses(alert(19), now: now), "below half: it keeps falling")
        #expect(!ack.suppresses(alert(0), now: now), "out of stock always comes back")
    }

    @Test func aRestockEndsTheAcknowledgement() {
        let ack = StockAlertAck(sku: "QQ", availableAtAck: 40, by: "ops", at: now)
        #expect(!ack.suppresses(alert(41), now: now))
    }

    @Test func aSnoozeLastsUntilItsTime() {
        let ack = StockAlertAck(sku: "QQ", availableAtAck: 40, snoozedUntil: now.addingTimeInterval(3_600), by: "ops", at: now)
        #expect(ack.suppresses(alert(35), now: now.addingTimeInterval(3_599)))
        #expect(!ack.suppresses(alert(35), now: now.addingTimeInterval(3_600)))
    }
}
