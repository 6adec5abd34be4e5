import CHardening
import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// Finds an order by the number a customer quotes; numbers are unique per substation only.
struct OrderLookup: ParsableArguments {
    @Argument(help: "The order number, e.g. 202611230000579.") var orderNo: String
    @Option(help: "The substation code, when several substations used the same number.") var substation: String?

    func find(_ store: any KamengEngine) async throws -> OrderSummary {
        try await Self.find(store, orderNo: orderNo, substation: substation)
    }

    static func find(_ store: any KamengEngine, orderNo: String, substation: String?) async throws -> OrderSummary {
        guard Order.isValidOrderNo(orderNo) else { throw CLIError(message: "order number: \"\(TerminalSafe.visible(orderNo))\" is not an order number", code: 2) }
        let found = try await store.orders(orderNo: orderNo).filter { substation == nil || $0.substationCode == substation }
        guard let first = found.first else { throw CLIError(message: "order \(orderNo) not found") }
        guard found.count == 1 else {
            throw CLIError(message: "order \(orderNo) exists in \(found.map(\.substationCode).joined(separator: ", ")); choose one with --substation", code: 2)
        }
        return first
    }
}

/// `kameng orders show NO [--reveal --reason TEXT]`.
struct OrderShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One order with its delivered keys, masked; --reveal opens them (audited).",
        discussion: "Revealing needs the reveal permission, a reason, and a fresh code from your authenticator. On a terminal the keys are shown on the alternate screen and hidden after 30 s (or Enter).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var lookup: OrderLookup
    @Flag(help: "Show the keys' secrets (audited, rate-limited per person per hour).") var reveal = false
    @Option(help: "Why the keys are revealed, e.g. the ticket number (required with --reveal).") var reason: String?
    @OptionGroup var stepUp: StepUpOptions
    @Flag(help: "Print JSON (with --reveal, the secrets too).") var json = false

    /// A fixed-width card number mask: the hint's last four characters only, never the number's length.
    static func numberMask(_ hint: String?) -> String { hint.map { "••••••••" + $0 } ?? "-" }

    func run() async throws {
        if reveal, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError(message: "--reason: required with --reveal (say why, e.g. the ticket number)", code: 2)
        }
        let (store, me) = try await global.openAsStaff()
        let summary = try await lookup.find(store)
        let orderId = summary.order.id!
        let keys = try await store.deliveredKeys(orderId: orderId)
        var revealed: [Int64: RevealedKey] = [:]
        if reveal {
            let code = try await stepUp.resolve(store, me, for: "reveal the keys of order \(summary.order.orderNo)")
            for key in try await store.revealKeys(orderId: orderId, reason: reason!, by: me, stepUp: code) { revealed[key.keyId] = key }
        }
        if json {
            try Output.json(OrderDetailJSON(order: OrderJSON(summary), keys: keys.map { key in
                KeyJSON(id: key.id, status: key.status.rawValue, numberHint: key.numberHint,
                        number: revealed[key.id]?.number, secret: revealed[key.id]?.secret)
            }))
            return
        }
        let o = summary.order
        let v = TerminalSafe.visible
        var lines = [
            "Order \(v(o.orderNo)) · \(v(summary.substationCode)) · \(o.status.rawValue)",
            "  product  \(v(summary.productSKU)) \(v(summary.productName)) × \(o.quantity)   amount \(o.amount)",
            "  buyer    \(v(o.buyer))   ip \(v(o.ip))   device \(v(o.device))",
            "  created  \(OrderJSON.time(o.createdAt))" + (o.paidAt.map { "   paid " + OrderJSON.time($0) } ?? "")
                + (o.deliveredAt.map { "   delivered " + OrderJSON.time($0) } ?? ""),
        ]
        if o.riskScore > 0 { lines.append("  risk     \(o.riskScore): \(o.riskFindings.map { $0.explanation(chinese: false) }.joined(separator: "; "))") }
        Output.say(lines.joined(separator: "\n"))
        guard !keys.isEmpty else { Output.say("No keys delivered."); return }
        let rows = keys.map { key -> [String] in
            let opened = revealed[key.id]
            return [String(key.id), key.status.rawValue, opened?.number ?? Self.numberMask(key.numberHint), opened?.secret ?? CardKey.secretMask]
        }
        if revealed.isEmpty {
            Output.table(["KEY", "STATUS", "NUMBER", "SECRET"], rows)
        } else {
            RevealScreen.show(headers: ["KEY", "STATUS", "NUMBER", "SECRET"], rows: rows,
                              title: "Order \(o.orderNo): revealed for \"\(reason!)\" (audited)")
        }
    }
}

struct OrderDetailJSON: Codable { var order: OrderJSON; var keys: [KeyJSON] }
struct KeyJSON: Codable { var id: Int64; var status: String; var numberHint: String?; var number: String?; var secret: String? }

/// Shows revealed keys so they do not linger: on a terminal, on the alternate screen (no scrollback),
/// cleared after 30 s or at Enter; into a pipe, printed once (the caller asked for them in a script).
enum RevealScreen {
    static let seconds = 30

    static func show(headers: [String], rows: [[String]], title: String) {
        guard isatty(STDOUT_FILENO) == 1 else {
            Output.say(title)
            Output.table(headers, rows)
            return
        }
        // Armed before the keys are drawn: Ctrl-C, kill or an SSH drop clears the screen and leaves the
        // alternate screen (CHardening's handler) instead of leaving the keys in view.
        _ = kameng_reveal_guard(1)
        Output.control(.enterAlternateScreen)
        Output.say(title)
        Output.table(headers, rows)
        Output.say("\nHidden in \(seconds) s, or press Enter.")
        waitForEnter(timeout: seconds)
        Output.control(.leaveAlternateScreen)
        _ = kameng_reveal_guard(0)
        Output.say("Keys hidden.")
    }

    private static func waitForEnter(timeout: Int) {
        guard isatty(STDIN_FILENO) == 1 else { sleep(UInt32(timeout)); return }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, Int32(timeout * 1000)) > 0 { _ = readLine() }
    }
}

/// `kameng orders refund NO`.
struct OrderRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refund", abstract: "Refund an order (audited; above the configured amount it needs a code from your authenticator).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var lookup: OrderLookup
    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
    @OptionGroup var stepUp: StepUpOptions

    func run() async throws {
        let (store, me) = try await global.openAsStaff()
        let summary = try await lookup.find(store)
        let o = summary.order
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else { throw CLIError(message: "refunding needs confirmation: run it in a terminal or pass --yes", code: 2) }
            Output.ask("Refund order \(o.orderNo) (\(summary.substationCode), \(o.amount), \(o.status.rawValue))? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { throw CLIError(message: "not refunded") }
        }
        let code = try await store.refundNeedsStepUp(o.amount) ? try await stepUp.resolve(store, me, for: "refund \(o.amount)") : stepUp.code
        try await store.refund(orderId: o.id!, by: me, stepUp: code)
        Output.say("Refunded order \(o.orderNo) (\(o.amount)).")
    }
}
