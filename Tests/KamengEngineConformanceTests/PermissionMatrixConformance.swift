import Foundation
import KamengDomain
import KamengStorage
import Testing

/// The permission matrix through the engine: for every role and every permission, one representative
/// operation succeeds when `Role.may` says so and is refused with `forbidden` (before any step-up is
/// asked for, and leaving only an audit row of the refusal, `denied`) when it does not.
@Suite("Conformance: the permission matrix")
struct PermissionMatrixConformance {
    struct Cell: Sendable, CustomTestStringConvertible {
        var factory: any EngineFactory
        var role: Role
        var permission: Permission
        var testDescription: String { "\(factory.name): \(role.rawValue) × \(permission.rawValue)" }
    }

    /// Permissions whose operations take no actor, so the engine cannot check them: reading the money.
    /// The CLI and the console ask `Role.may(.viewFinance)` before they read (Docs/Security.md).
    static let checkedByCallers: Set<Permission> = [.viewFinance]

    static let cells: [Cell] = EngineFactories.all.flatMap { factory in
        Role.allCases.flatMap { role in
            Permission.allCases.filter { !checkedByCallers.contains($0) }.map { Cell(factory: factory, role: role, permission: $0) }
        }
    }

    @Test("each cell: allowed roles succeed, others are refused with forbidden", arguments: Self.cells)
    func cell(_ cell: Cell) async throws {
        let world = try await MatrixWorld.make(cell.factory, bare: cell.permission == .seedDemo)
        let w = world.world
        let actor = cell.role == .admin ? w.admin : try await w.addStaff("\(cell.role.rawValue)1", role: cell.role)
        let allowed = cell.role.may(cell.permission)
        let auditBefore = try await w.lastAuditId()
        if allowed {
            await #expect(throws: Never.self, "\(cell.testDescription)") { try await world.exercise(cell.permission, as: actor, withCode: true) }
        } else {
            let error = await #expect(throws: StoreError.self) { try await world.exercise(cell.permission, as: actor, withCode: false) }
            #expect(error?.isForbidden(cell.permission, for: actor) == true,
                    "\(cell.testDescription): \(error.map(String.init(describing:)) ?? "no error")")
            // The refusal leaves one trace besides its error: its own audit row, and nothing else.
            let after = try await w.engine.auditTail(limit: 2, by: w.admin)
            #expect(after.count == 2 && after[1].id == auditBefore, "\(cell.testDescription): one row added")
            #expect(after.first?.action == "denied" && after.first?.actor == actor.userName
                    && after.first?.target == "permission:\(cell.permission.rawValue)", "\(cell.testDescription): \(after)")
        }
    }

    @Test("the matrix covers every role and every permission the engine can check")
    func coverage() {
        #expect(Self.checkedByCallers == [.viewFinance])
        #expect(Self.cells.count == EngineFactories.all.count * Role.allCases.count * (Permission.allCases.count - 1))
    }

    /// A store with something to act on: product PM-1 with 10 keys (one batch), product PM-2 with one
    /// order waiting for stock and then restocked, substation sh-a, and orders D1 (delivered), W1 (paid,
    /// waiting, deliverable now) and F1 (held by the blacklist, unpaid). `bare` leaves the store empty
    /// but for its admin, as the demo seeder needs.
    struct MatrixWorld {
        let world: EngineWorld
        var batch: Int64 = 0, delivered: Int64 = 0, waiting: Int64 = 0, held: Int64 = 0
        var substationSecret = ""
        static let secrets = Set((0..<10).map { "MATRIXKEY\($0)SECRET" })

        static func make(_ factory: any EngineFactory, bare: Bool) async throws -> MatrixWorld {
            var m = MatrixWorld(world: try await EngineWorld.make(factory))
            guard !bare else { return m }
            let w = m.world
            try await w.addProduct("PM-1")
            try await w.addProduct("PM-2")
            // sh-a sells under sh-p, whose higher rate earns an override on D1 (something to settle); it
            // must pay first, as every new substation, so it is funded before its orders come in.
            try await w.openSubstation("sh-p", commissionBasisPoints: 1_000)
            m.substationSecret = try await w.openSubstation("sh-a", parent: "sh-p").apiSecret
            _ = try await w.engine.topUp(substation: "sh-a", amount: Money(fen: 100_000), reference: "MATRIX-FUNDS-1", by: w.admin,
                                         stepUp: try await w.stepUpCode(w.admin))
            let file = try w.supplierFile(secrets: Self.secrets.sorted())
            m.batch = try #require(try await w.engine.importFile(FileImportRequest(file: file, productSKU: "PM-1"), by: w.admin,
                                                                 progress: { _ in }, isCancelled: { false }).batch)
            _ = try await w.engine.addToBlacklist(.buyer, value: "bad-buyer", reason: "chargebacks", by: w.admin)
            let summary = try await w.ingest([
                try w.line(w.order("D1", sku: "PM-1"), from: "sh-a"), try w.line(w.payment("D1"), from: "sh-a"),
                try w.line(w.order("W1", sku: "PM-2"), from: "sh-a"), try w.line(w.payment("W1"), from: "sh-a"),
                try w.line(w.order("F1", sku: "PM-1", buyer: "bad-buyer"), from: "sh-a"),
            ])
            try #require(summary.delivered == 1 && summary.awaitingStock == 1 && summary.flagged == 1, "fixture: \(summary)")
            try await w.importKeys(1, into: "PM-2")
            m.delivered = try #require(try await w.order(no: "D1").id)
            m.waiting = try #require(try await w.order(no: "W1").id)
            m.held = try #require(try await w.order(no: "F1").id)
            return m
        }

        /// Settles the month `at` falls in, as of its end; nil when nothing was earned in it.
        static func settle(_ code: String, monthOf at: Date, engine: any KamengEngine, by actor: Staff) async throws -> Settlement? {
            let period = SettlementPeriod(String(BusinessDay(containing: at).description.prefix(7)))!
            let result: Result<Settlement, StoreError>
            do { result = .success(try await engine.settle(substation: code, period: period, by: actor, now: period.days.end)) }
            catch { result = .failure(error) }
            if case .failure(.wrongState) = result { return nil }
            return try result.get()
        }

        /// Calls the operation behind `permission` as `actor`; with `withCode`, a fresh step-up code is
        /// given to the operations that need one. Throws when the operation did not do its job.
        func exercise(_ permission: Permission, as actor: Staff, withCode: Bool) async throws {
            let w = world, engine = world.engine
            let code = withCode && permission.needsStepUp ? try await w.stepUpCode(actor) : nil
            switch permission {
            case .manageStaff:
                let added = try await engine.addStaff(userName: "newbie", role: .support, by: actor, stepUp: code)
                try #require(added.userName == "newbie" && added.role == .support)
            case .manageProducts:
                try await w.addProduct("NEW-1", by: actor)
            case .importKeys:
                let file = try w.supplierFile(secrets: ["NEWKEY1SECRET", "NEWKEY2SECRET"])
                let outcome = try await engine.importFile(FileImportRequest(file: file, productSKU: "PM-1"), by: actor,
                                                          progress: { _ in }, isCancelled: { false })
                try #require(outcome.accepted == 2 && outcome.batch != nil)
            case .voidBatch:
                try #require(try await engine.voidBatch(id: batch, by: actor, stepUp: code) == 9)
            case .deliverOrders:
                let outcome = try await engine.deliverManually(orderId: waiting, by: actor)
                guard case let .delivered(keys) = outcome, keys.count == 1 else { throw Unexpected("补单 of W1: \(outcome)") }
            case .refundOrders:
                try await engine.refund(orderId: delivered, by: actor, stepUp: nil)
                try #require(try await engine.order(id: delivered).status == .refunded)
            case .revealKeys:
                let keys = try await engine.revealKeys(orderId: delivered, reason: "ticket 42", by: actor, stepUp: code)
                try #require(keys.count == 1 && Self.secrets.contains(keys[0].secret), "the secret revealed is one imported")
            case .exportKeys:
                let keys = try await engine.exportKeys(.order(id: delivered), reason: "dispute 7", by: actor, stepUp: code)
                try #require(keys.count == 1 && Self.secrets.contains(keys[0].secret), "the secret exported is one imported")
            case .reviewRisk:
                try #require(try await engine.decide(.approve, orderIds: [held], note: "", blacklisting: [], by: actor, stepUp: nil) == 1)
            case .manageSubstations:
                let opened = try await engine.openSubstation(SubstationDraft(code: "new-1", name: "新分站", domain: "new-1.example.cn", parentCode: nil,
                                                                             commissionBasisPoints: 0), by: actor)
                try #require(opened.substation.code == "new-1" && !opened.apiSecret.isEmpty)
            case .suspendSubstations:
                try await engine.setSubstationStatus(code: "sh-a", to: .suspended, by: actor)
            case .viewSubstationSecret:
                try #require(try await engine.substationSecret(code: "sh-a", by: actor, stepUp: code) == substationSecret)
            case .ingest:
                let summary = try await w.ingest([try w.line(w.heartbeat(at: 60), from: "sh-a")], by: actor)
                try #require(summary.heartbeats.accepted == 1)
            case .seedDemo:
                let summary = try await engine.seedDemo(size: .tiny, seed: 1, anchor: Date(), by: actor, progress: { _ in })
                try #require(summary.orders > 0)
            case .enrolOwnTOTP:
                // The first enrolment needs no code; replacing it does.
                let replacing = withCode ? try await w.stepUpCode(actor) : nil
                let enrolment = try await engine.enrolTOTP(for: actor, stepUp: replacing)
                try w.remember(enrolment, for: actor)
            case .viewAudit:
                guard case .intact = try await engine.verifyAudit(by: actor) else { throw Unexpected("audit chain broken") }
                _ = try await engine.auditTail(limit: 5, by: actor)
            case .rotateKeys:
                let result = try await engine.rotateKeyFile(at: w.keyFilePath, by: actor)
                try #require(result.oldFingerprint != result.newFingerprint)
            case .changeSecuritySettings:
                let settings = SecuritySettings(refundStepUpAbove: Money(fen: 50_000), revealsPerHour: 5)
                try await engine.setSecuritySettings(settings, by: actor, stepUp: code)
                try #require(try await engine.securitySettings() == settings)
            case .manageFunds:
                let change = try await engine.topUp(substation: "sh-a", amount: Money(fen: 50_000), reference: "MATRIX-TOPUP-1",
                                                    by: actor, stepUp: code)
                // ¥1,000 from the fixture, less the charges of what was delivered (¥94.05 a key), plus these ¥500.
                let spent = 100_000 + 50_000 - change.balance.balance.fen
                try #require(change.balance.code == "sh-a" && spent > 0 && spent % 9_405 == 0 && spent <= 2 * 9_405,
                             "sh-a's balance after the top-up: \(change.balance.balance)")
            case .settleCommission:
                // sh-p earned an override on D1's charge, dated by the engine either now or at the payment's
                // time: settle the month it falls in, as of that month's end.
                var settled: Settlement?
                for at in [Date(), EngineWorld.base] where settled == nil {
                    settled = try await Self.settle("sh-p", monthOf: at, engine: engine, by: actor)
                }
                let settlement = try #require(settled, "sh-p's override was settled")
                try #require(settlement.code == "sh-p" && settlement.amount.fen > 0)
            case .viewFinance:
                throw Unexpected("reading the money takes no actor: checked by the CLI and the console, not here")
            }
        }
    }
}

/// An operation answered, but not with what its contract promises.
struct Unexpected: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
