import Foundation

/// `--grace 24h`: how long a rotated secret still verifies signatures. Whole numbers of seconds,
/// minutes, hours or days; a bare `0` ends the old secret at once. At most 30 days: a longer grace
/// would keep a possibly leaked secret signing for longer than any shop needs to switch.
enum GraceDuration {
    static let longest: TimeInterval = 30 * 86_400

    static func seconds(_ text: String) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text == "0" { return 0 }
        guard let unit = text.last, let count = Int(text.dropLast()), count >= 0 else { return nil }
        let scale: TimeInterval
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3_600
        case "d": scale = 86_400
        default: return nil
        }
        let seconds = TimeInterval(count) * scale
        return seconds <= longest ? seconds : nil
    }
}

/// The CLI's early word on a notify URL, so a typo is a usage error before the store is opened. The
/// store checks again (it is the rule's owner): https anywhere, http only to a loopback host, no
/// user name or password, at most 2,048 characters.
enum NotifyURLCheck {
    static func problem(_ text: String) -> String? {
        guard text.utf8.count <= 2_048 else { return "at most 2048 characters" }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "not a URL (expected https://host/path)"
        }
        guard url.user == nil, url.password == nil else { return "a user name or password does not belong in it" }
        switch scheme {
        case "https": return nil
        case "http": return isLoopback(host) ? nil : "https only (http is allowed on 127.0.0.1, [::1] and localhost)"
        default: return "https only"
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        // An IPv4 literal in 127/8 only: a name such as 127.example.com resolves anywhere.
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in UInt8(part) != nil }
    }
}
