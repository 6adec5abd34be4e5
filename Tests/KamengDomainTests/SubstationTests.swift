import Foundation
import Testing
import KamengDomain

/// The substation machine written out by hand: "from>to".
private let expectedSubstationTransitions: Set<String> = [
    "active>suspended", "suspended>active", "active>closed", "suspended>closed",
]

private func makeSubstation(code: String = "sz01", name: String = "华东分站", domain: String = "shop.example.com",
                            commission: Int = 1_000, status: SubstationStatus = .active) -> Substation {
    Substation(code: code, name: name, domain: domain, commissionBasisPoints: commission, status: status,
               createdAt: Date(timeIntervalSince1970: 1_700_000_000))
}

@Suite("Substation")
struct SubstationTests {
    @Test("the cases are exactly active, suspended, closed")
    func cases() {
        #expect(SubstationStatus.allCases.map(\.rawValue) == ["active", "suspended", "closed"])
    }

    @Test("canMove matches the expected table for every pair",
          arguments: SubstationStatus.allCases, SubstationStatus.allCases)
    func canMove(from: SubstationStatus, to: SubstationStatus) {
        let allowed = expectedSubstationTransitions.contains("\(from.rawValue)>\(to.rawValue)")
        #expect(from.canMove(to: to) == allowed, "\(from.rawValue) → \(to.rawValue)")
    }

    @Test("move follows the table, and a refused move changes nothing",
          arguments: SubstationStatus.allCases, SubstationStatus.allCases)
    func move(from: SubstationStatus, to: SubstationStatus) throws {
        var station = makeSubstation(status: from)
        if expectedSubstationTransitions.contains("\(from.rawValue)>\(to.rawValue)") {
            try station.move(to: to)
            #expect(station.status == to)
        } else {
            #expect(throws: DomainError.illegalSubstationTransition(code: "sz01", from: from, to: to)) {
                try station.move(to: to)
            }
            #expect(station.status == from)
        }
    }

    @Test("a new substation is active")
    func defaultsToActive() {
        let station = Substation(code: "a", name: "n", domain: "a.b", commissionBasisPoints: 0,
                                 createdAt: Date(timeIntervalSince1970: 0))
        #expect(station.status == .active)
        #expect(station.parentId == nil)
        #expect(station.expiresAt == nil)
    }

    @Test("suspend, resume, close, then nothing")
    func lifecycle() throws {
        var station = makeSubstation()
        try station.move(to: .suspended)
        try station.move(to: .active)
        try station.move(to: .suspended)
        try station.move(to: .closed)
        #expect(station.status == .closed)
        do {
            try station.move(to: .active)
            Issue.record("closed → active must be refused")
        } catch {
            #expect(error.description == "substation sz01: cannot go from closed to active")
        }
    }

    // MARK: validation

    @Test("a well-formed substation has no problems")
    func valid() {
        #expect(makeSubstation().validationProblems.isEmpty)
    }

    @Test("valid domains", arguments: [
        "shop.example.com", "a.b", "xn--fiqs8s.cn", "Shop-1.Example.COM", "a1.b2", "a-b.c-d.e",
        String(repeating: "a", count: 63) + ".com",
        [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".") + "." +
            String(repeating: "b", count: 61),
    ])
    func validDomain(text: String) {
        #expect(Substation.isValidDomain(text))
        #expect(makeSubstation(domain: text).validationProblems.isEmpty)
    }

    @Test("invalid domains", arguments: [
        "", "localhost", ".com", "shop.", "shop..com", "shop.com.", "-shop.com", "shop-.com", "shop.-com",
        "shop_1.com", "shop.example.com/", "http://shop.com", "shop .com", "商店.cn", "shop.com:8080",
        "*.example.com", "shop@example.com", ".",
        String(repeating: "a", count: 64) + ".com",
        [String](repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."),
    ])
    func invalidDomain(text: String) {
        #expect(!Substation.isValidDomain(text))
        let problems = makeSubstation(domain: text).validationProblems
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("domain") == true)
    }

    @Test("commission must be 0…10000 basis points", arguments: [
        (Int.min, false), (-1, false), (0, true), (1, true), (1_000, true), (9_999, true), (10_000, true),
        (10_001, false), (Int.max, false),
    ])
    func commission(basisPoints: Int, ok: Bool) {
        let problems = makeSubstation(commission: basisPoints).validationProblems
        #expect(problems.isEmpty == ok)
        #expect(problems.contains { $0.hasPrefix("commission") } == !ok)
    }

    @Test("codes: 1–32 characters of letters, digits . _ -", arguments: [
        ("sz01", true), ("a", true), ("a.b_c-d", true), ("SZ-East_1", true), (String(repeating: "x", count: 32), true),
        ("", false), (String(repeating: "x", count: 33), false), (String(repeating: "x", count: 64), false),
        ("has space", false), ("分站", false), ("a/b", false), ("a+b", false),
    ])
    func code(code: String, ok: Bool) {
        let problems = makeSubstation(code: code).validationProblems
        #expect(problems.isEmpty == ok)
        #expect(problems.contains { $0.hasPrefix("code") } == !ok)
    }

    @Test("names: not blank, at most 64 characters, nothing a terminal acts on", arguments: [
        ("华东分站", true), ("x", true), (" padded ", true), ("", false), ("   ", false), ("\t\n", false),
        (String(repeating: "长", count: 64), true), (String(repeating: "长", count: 65), false),
        ("红\u{1B}[31m字", false), ("abc\u{202E}cba", false), ("零\u{200B}宽", false),
    ])
    func name(name: String, ok: Bool) {
        let problems = makeSubstation(name: name).validationProblems
        #expect(problems.isEmpty == ok)
        #expect(problems.contains { $0.hasPrefix("name") } == !ok)
    }

    @Test("every broken rule is reported")
    func allProblems() {
        let problems = makeSubstation(code: "", name: " ", domain: "nodot", commission: -5).validationProblems
        #expect(problems.count == 4)
    }

    @Test("commission share of a sale")
    func commissionShare() {
        let station = makeSubstation(commission: 1_250)
        #expect(Money(fen: 10_000).share(basisPoints: station.commissionBasisPoints).fen == 1_250)
        #expect(Money(fen: 4).share(basisPoints: station.commissionBasisPoints).fen == 1)
    }
}
