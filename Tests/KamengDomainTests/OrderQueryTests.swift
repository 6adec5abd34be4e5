import Testing
import KamengDomain

/// What support types after `/`, read the same way by the console and the CLI.
@Suite("order query parsing")
struct OrderQueryTests {
    @Test(arguments: [("…6177330-12", "6177330-12"), ("...6177330-12", "6177330-12"), ("……6177330-12", "6177330-12"),
                      ("…...6177330-12", "6177330-12"), ("6177330-12", "6177330-12")])
    func aLeadingEllipsisIsDropped(_ typed: String, _ word: String) {
        #expect(OrderQuery.parse(typed).words == [word])
    }

    @Test func anEllipsisElsewhereIsKept() {
        #expect(OrderQuery.parse("SIM1…30-1000000 buyer… a...b ..x").words == ["SIM1…30-1000000", "buyer…", "a...b", "..x"])
    }

    @Test func anEllipsisAloneIsNoWord() {
        let query = OrderQuery.parse("… ... status:held")
        #expect(query.words.isEmpty && query.status == .flagged && query.problems.isEmpty)
    }

    @Test func aPastedTailKeepsItsFilters() {
        let query = OrderQuery.parse("…30-1000000 sub:sh-a sku:QQ-100")
        #expect(query.words == ["30-1000000"] && query.substationCode == "sh-a" && query.productSKU == "QQ-100")
    }
}
