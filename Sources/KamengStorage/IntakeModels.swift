import Foundation
import KamengDomain

/// Where intake lines come from: a file descriptor (a file, a pipe, standard input) or bytes in memory.
public enum IntakeInput: Sendable {
    case fileDescriptor(Int32)
    case bytes([UInt8])
    /// Lines handed over in memory for as long as the feed is open (the HTTP API); each line's group audit
    /// row names the line's own actor.
    case feed(IntakeFeed)
}

/// How an `ingest` run behaves.
public struct IntakeOptions: Sendable {
    /// The risk rules orders are scored with (the config file's `[risk]` table, or `RiskRules.defaults`).
    public var rules: RiskRules
    /// Names the input in rejection records and audit rows: a file name, or `-` for standard input.
    public var source: String
    /// A group (one durable transaction) closes at this many lines…
    public var groupLines = 500
    /// …or when its first line has waited this long, whichever comes first.
    public var groupMillis = 10

    public init(rules: RiskRules, source: String) {
        self.rules = rules
        self.source = source
    }
}

/// One line's fate, with the monotonic time (nanoseconds) it was read.
public struct IntakeLineReport: Sendable {
    public var number: Int
    public var readAt: UInt64
    public var outcome: IntakeOutcome

    package init(number: Int, readAt: UInt64, outcome: IntakeOutcome) {
        self.number = number
        self.readAt = readAt
        self.outcome = outcome
    }
}

/// A committed group: its lines and the monotonic time its transaction's COMMIT returned (the group
/// durable: the engine reports a group only once it would survive a power cut).
public struct IntakeGroupReport: Sendable {
    public var lines: [IntakeLineReport]
    public var committedAt: UInt64
    /// The run's summary so far.
    public var summary: IntakeSummary

    package init(lines: [IntakeLineReport], committedAt: UInt64, summary: IntakeSummary) {
        self.lines = lines
        self.committedAt = committedAt
        self.summary = summary
    }
}
