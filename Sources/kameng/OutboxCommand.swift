import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng outbox list|retry`: the notices waiting to reach the shops' notify URLs (Docs/API.md).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Notices to the shops not yet delivered.",
                                                    subcommands: [List.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Notices not yet delivered (--all: delivered too), newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this substation's notices.") var substation: String?
        @Flag(help: "Include notices already delivered.") var all = false
        @Option(help: "How many notices.") var limit: Int = 200
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            guard (1...100_000).contains(limit) else { throw CLIError(message: "--limit: 1–100000", code: 2) }
            let (store, _) = try await global.openAsStaff()
            let notices = try await store.outbox(substation: substation, includeDelivered: all, limit: limit)
            if json { try Output.json(notices.map(NoticeJSON.init)); return }
            if notices.isEmpty { Output.say(all ? "The outbox is empty." : "No notice is waiting."); return }
            Output.table(["ID", "SUBSTATION", "ORDER", "TYPE", "CREATED (UTC)", "TRIES", "NEXT (UTC)", "LAST ERROR"],
                         notices.map { n in
                             [String(n.id), n.substation, n.orderNo, n.type.rawValue, OrderJSON.time(n.createdAt), String(n.attempts),
                              n.deliveredAt.map { "delivered " + OrderJSON.time($0) } ?? (n.gaveUp ? "given up" : n.nextAttemptAt.map(OrderJSON.time) ?? "-"),
                              n.lastError ?? "-"]
                         })
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make undelivered notices due now: one by id, or all of a substation's (also those given up); audited.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The notice's id (from outbox list).") var id: Int64?
        @Option(help: "Every undelivered notice of this substation.") var substation: String?

        func validate() throws {
            guard (id != nil) != (substation != nil) else { throw ValidationError("give either a notice ID or --substation CODE") }
        }

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let count = try await store.retryNotices(id: id, substation: substation, by: me)
            Output.say(count == 1 ? "1 notice is due now" : "\(count) notices are due now")
        }
    }
}

/// The stable JSON shape of an outbox notice (documented in Docs/CLI.md). Never a secret or a key.
struct NoticeJSON: Codable {
    var id: Int64, substation: String, orderNo: String, type: String, createdAt: String, attempts: Int, gaveUp: Bool
    var nextAttemptAt: String?, lastError: String?, deliveredAt: String?

    init(_ n: OutboxNotice) {
        id = n.id; substation = n.substation; orderNo = n.orderNo; type = n.type.rawValue; createdAt = OrderJSON.time(n.createdAt)
        attempts = n.attempts; gaveUp = n.gaveUp; nextAttemptAt = n.nextAttemptAt.map(OrderJSON.time); lastError = n.lastError
        deliveredAt = n.deliveredAt.map(OrderJSON.time)
    }
}
