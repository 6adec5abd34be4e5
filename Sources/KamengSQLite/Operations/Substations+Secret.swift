import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// A substation's API secret, opened from the vault for an admin with a fresh step-up code: the
    /// secret opens the keys the API seals to the shop, so it is guarded like them. Audited as
    /// `substation.secret.view`; the secret itself is never written to the log.
    func substationSecret(code: String, by actor: Staff, stepUp stepUpCode: String?, now: Date = Date()) throws -> String {
        try require(actor, .viewSubstationSecret)
        try requireSubstation(code)
        try stepUp(actor, code: stepUpCode, for: .viewSubstationSecret, now: now)
        return try dbWrite { db in
            guard let sealed = try Data.fetchOne(db, sql: "SELECT api_secret_sealed FROM substations WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(.substation(code: code))
            }
            let secret = try openText(sealed, context: Self.secretContext(code), what: "substation \(code)'s secret")
            try appendAudit(db, actor: actor.userName, action: "substation.secret.view", target: "substation:\(code)",
                            detail: "API secret shown", at: now)
            return secret
        }
    }

    /// The longest grace an old secret may keep verifying after a rotation.
    static let maxSecretGrace: TimeInterval = 30 * 86_400

    /// Issues a new API secret (admin, step-up), audited as `substation.secret-rotate`. The old one moves
    /// to the previous-secret column, sealed under its own context, and verifies signatures (never
    /// seals) until `grace` has passed; with no grace it is dropped at once. Returns the new secret.
    func rotateSubstationSecret(code: String, grace: TimeInterval, by actor: Staff, stepUp stepUpCode: String?, now: Date = Date()) throws -> String {
        try require(actor, .viewSubstationSecret)
        guard grace.isFinite, grace >= 0, grace <= Self.maxSecretGrace else {
            throw StoreError.invalidField(field: "grace", rule: "from 0 to 30 days")
        }
        try requireSubstation(code)
        try stepUp(actor, code: stepUpCode, action: "rotate a substation's API secret", now: now)
        let fresh = Self.newAPISecret()
        try dbWrite { db in
            guard let sealed = try Data.fetchOne(db, sql: "SELECT api_secret_sealed FROM substations WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(.substation(code: code))
            }
            let until = now.addingTimeInterval(grace)
            var previous: Data?
            if grace > 0 {
                previous = try vault.seal(try vault.open(sealed, context: Self.secretContext(code)), context: Self.previousSecretContext(code))
            }
            let sealedFresh = try vault.seal(Data(fresh.utf8), context: Self.secretContext(code))
            try db.execute(sql: """
                UPDATE substations SET api_secret_sealed = ?, api_secret_previous_sealed = ?, api_secret_previous_until = ? WHERE code = ?
                """, arguments: [sealedFresh, previous, grace > 0 ? StoreTime.string(until) : nil, code])
            let detail = grace > 0 ? "new API secret issued; the previous one verifies signatures until \(StoreTime.string(until)) UTC"
                : "new API secret issued; the previous one no longer verifies"
            try appendAudit(db, actor: actor.userName, action: "substation.secret-rotate", target: "substation:\(code)", detail: detail, at: now)
        }
        return fresh
    }

    /// Sets or clears where a substation's notices go (admin or operator), audited as
    /// `substation.notify-url` with the URL masked: it is no secret, but its path or query may carry
    /// the shop's token, so it is stored sealed too.
    func setSubstationNotifyURL(code: String, url: String?, by actor: Staff, now: Date = Date()) throws {
        try require(actor, .manageSubstations)
        let checked = try url.map(Self.checkedNotifyURL)
        try dbWrite { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM substations WHERE code = ?", arguments: [code]) ?? false else {
                throw StoreError.notFound(.substation(code: code))
            }
            let sealed = try checked.map { try vault.seal(Data($0.utf8), context: Self.notifyURLContext(code)) }
            try db.execute(sql: "UPDATE substations SET notify_url_sealed = ? WHERE code = ?", arguments: [sealed, code])
            try appendAudit(db, actor: actor.userName, action: "substation.notify-url", target: "substation:\(code)",
                            detail: checked.map { "set to \(Self.maskedURL($0))" } ?? "cleared", at: now)
        }
    }

    private func requireSubstation(_ code: String) throws {
        guard try pool.read({ db in try Bool.fetchOne(db, sql: "SELECT 1 FROM substations WHERE code = ?", arguments: [code]) }) ?? false else {
            throw StoreError.notFound(.substation(code: code))
        }
    }

    /// A notify URL Kameng may POST keys to: https, or http to this host only (a receiver beside the
    /// shop's own proxy, or the demo), printable, at most 2,000 bytes.
    static func checkedNotifyURL(_ text: String) throws -> String {
        let url = text.trimmingCharacters(in: .whitespaces)
        func refuse(_ rule: String) -> StoreError { .invalidField(field: "notify-url", rule: rule) }
        guard url.utf8.count <= 2_000 else { throw refuse("at most 2000 bytes") }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || TerminalSafe.needsEscaping($0) }) else {
            throw refuse("spaces and control characters are not allowed")
        }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased(), !host.isEmpty else {
            throw refuse("must be an absolute URL such as https://shop.example.cn/kameng/notice")
        }
        switch scheme {
        case "https": return url
        case "http" where ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host): return url
        default: throw refuse("must use https (http only to 127.0.0.1, ::1 or localhost)")
        }
    }

    /// The URL as the audit log shows it: scheme, host and port; a path, query or user part as "…".
    static func maskedURL(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { return "…" }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let rest = parts.user != nil || !parts.path.isEmpty || parts.query != nil || parts.fragment != nil ? "/…" : ""
        return "\(scheme)://\(shownHost)\(parts.port.map { ":\($0)" } ?? "")\(rest)"
    }
}
