import TOMLKit

/// Reads the settings of one TOML table, turning every problem into a `ConfigError` that names the file
/// and the full dotted key (`risk.ip_velocity.limit`), the way `ConfigFile` reports its own settings.
struct TableReader {
    let table: TOMLTable
    /// The dotted path of this table ("risk", "risk.ip_velocity").
    let path: String
    let file: String

    init(_ value: any TOMLValueConvertible, path: String, file: String) throws(ConfigError) {
        guard let table = value.table else { throw ConfigError(file: file, message: "\(path): expected a table such as [\(path)]") }
        self.table = table
        self.path = path
        self.file = file
    }

    func key(_ name: String) -> String { "\(path).\(name)" }

    func fail(_ name: String, _ message: String) -> ConfigError { ConfigError(file: file, message: "\(key(name)): \(message)") }

    /// Refuses any key not in `known`: a typo must not silently leave a rule at its default.
    func rejectUnknown(_ known: [String]) throws(ConfigError) {
        for name in table.keys.sorted() where !known.contains(name) {
            throw ConfigError(file: file, message: "unknown setting \"\(key(name))\" (known in [\(path)]: \(known.joined(separator: ", ")))")
        }
    }

    /// The sub-table `name`, or nil when absent.
    func subtable(_ name: String) throws(ConfigError) -> TableReader? {
        guard let value = table[name] else { return nil }
        return try TableReader(value, path: key(name), file: file)
    }

    func int(_ name: String, in range: ClosedRange<Int64>) throws(ConfigError) -> Int64? {
        guard let value = table[name] else { return nil }
        guard let number = value.int else { throw fail(name, "expected a whole number") }
        guard range.contains(Int64(number)) else { throw fail(name, "must be \(Self.describe(range)) (got \(number))") }
        return Int64(number)
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        try int(name, in: Int64(range.lowerBound)...Int64(range.upperBound)).map { Int($0) }
    }

    func bool(_ name: String) throws(ConfigError) -> Bool? {
        guard let value = table[name] else { return nil }
        guard let flag = value.bool else { throw fail(name, "expected true or false") }
        return flag
    }

    /// A number written as 5 or 2.5, within `range`.
    func number(_ name: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = table[name] else { return nil }
        let number: Double
        if let whole = value.int { number = Double(whole) } else if let fraction = value.double { number = fraction } else {
            throw fail(name, "expected a number such as 5 or 2.5")
        }
        guard range.contains(number) else { throw fail(name, "must be from \(range.lowerBound) to \(range.upperBound) (got \(number))") }
        return number
    }

    /// A percentage written as 5 or 2.5, returned in basis points (2.5 → 250).
    func percent(_ name: String) throws(ConfigError) -> Int? {
        guard let value = table[name] else { return nil }
        let percent: Double
        if let whole = value.int { percent = Double(whole) } else if let fraction = value.double { percent = fraction } else {
            throw fail(name, "expected a percentage such as 5 or 2.5")
        }
        guard percent >= 0, percent <= 100 else { throw fail(name, "must be from 0 to 100 (got \(percent))") }
        return Int((percent * 100).rounded())
    }

    static func describe(_ range: ClosedRange<Int64>) -> String {
        range.upperBound == Int64.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
    }
}
