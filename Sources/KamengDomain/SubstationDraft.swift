import Foundation

/// The five things a person (or a line of a file) says about a substation to open.
public enum SubstationField: String, CaseIterable, Hashable, Sendable {
    case code, name, domain, parent, commission
}

/// A substation about to be opened, checked field by field: what the console's form and a batch file
/// produce, and what the engine's `openSubstation(s)` takes. The parent is named by code; the store finds it.
public struct SubstationDraft: Hashable, Sendable {
    public var code: String
    public var name: String
    public var domain: String
    public var parentCode: String?
    /// The agent's share in basis points (550 = 5.5%).
    public var commissionBasisPoints: Int
    /// When the substation's contract ends (UTC); nil for none.
    public var expiresAt: Date?

    public init(code: String, name: String, domain: String, parentCode: String?, commissionBasisPoints: Int, expiresAt: Date? = nil) {
        self.code = code
        self.name = name
        self.domain = domain
        self.parentCode = parentCode
        self.commissionBasisPoints = commissionBasisPoints
        self.expiresAt = expiresAt
    }

    /// The substation to store (its parent id is filled in by the store from `parentCode`).
    public func substation(createdAt: Date) -> Substation {
        Substation(code: code, name: name, domain: domain, commissionBasisPoints: commissionBasisPoints, expiresAt: expiresAt,
                   createdAt: createdAt)
    }

    /// Reads the five fields as typed. Every field is trimmed; a field holding a control, bidi or
    /// zero-width character is refused rather than cleaned; the domain is lower-cased. `known` are the
    /// substations that exist (duplicates and parents are checked against them; the store checks again).
    /// Problems come in field order, so the first one names the first field to fix.
    public static func parse(code: String, name: String, domain: String, parent: String, commission: String,
                             known: KnownSubstations) -> Result<SubstationDraft, SubstationProblems> {
        var problems: [SubstationProblem] = []
        func clean(_ text: String, _ field: SubstationField) -> String {
            if text.unicodeScalars.contains(where: TerminalSafe.needsEscaping) { problems.append(.init(field, .controlCharacters)) }
            return text.trimmingCharacters(in: .whitespaces)
        }
        let code = clean(code, .code), name = clean(name, .name)
        let domain = clean(domain, .domain).lowercased(), parent = clean(parent, .parent), commission = clean(commission, .commission)
        let dirty = Set(problems.map(\.field))
        if !dirty.contains(.code) {
            if !Substation.isValidCode(code) { problems.append(.init(.code, .invalid)) }
            else if known.codes.contains(code) { problems.append(.init(.code, .exists)) }
        }
        if !dirty.contains(.name), !Substation.isValidName(name) { problems.append(.init(.name, .invalid)) }
        if !dirty.contains(.domain) {
            if !Substation.isValidDomain(domain) { problems.append(.init(.domain, .invalid)) }
            else if known.domains.contains(domain) { problems.append(.init(.domain, .exists)) }
        }
        if !dirty.contains(.parent), !parent.isEmpty {
            if !Substation.isValidCode(parent) { problems.append(.init(.parent, .invalid)) }
            else if parent == code { problems.append(.init(.parent, .ownParent)) }
            else if !known.codes.contains(parent) { problems.append(.init(.parent, .unknownParent)) }
        }
        let basisPoints = Commission.basisPoints(commission)
        if !dirty.contains(.commission), basisPoints == nil { problems.append(.init(.commission, .invalid)) }
        guard problems.isEmpty, let basisPoints else { return .failure(SubstationProblems(SubstationProblem.inFieldOrder(problems))) }
        return .success(SubstationDraft(code: code, name: name, domain: domain, parentCode: parent.isEmpty ? nil : parent,
                                        commissionBasisPoints: basisPoints))
    }
}

/// What is wrong with one field of a substation to open. `explanation(chinese:)` puts it in words.
public struct SubstationProblem: Hashable, Sendable {
    /// What kind of wrong it is; the field says where.
    public enum Issue: Hashable, Sendable {
        /// The field breaks its rule (each field's rule is in its explanation).
        case invalid
        case controlCharacters
        /// A substation with this code or domain exists already.
        case exists
        /// Another line of the same file has this code or domain.
        case duplicateOf(line: Int)
        /// The parent is neither an existing substation nor one opened on an earlier line.
        case unknownParent
        case ownParent
    }

    public var field: SubstationField
    public var issue: Issue

    public init(_ field: SubstationField, _ issue: Issue) {
        self.field = field
        self.issue = issue
    }

    /// `problems` in field order (code first), keeping their order within a field.
    public static func inFieldOrder(_ problems: [SubstationProblem]) -> [SubstationProblem] {
        SubstationField.allCases.flatMap { field in problems.filter { $0.field == field } }
    }
}

/// Every problem found with one substation to open, in field order (never empty).
public struct SubstationProblems: Error, Hashable, Sendable {
    public var list: [SubstationProblem]

    public init(_ list: [SubstationProblem]) { self.list = list }
}

/// The codes and domains of the substations that exist, for checking new ones before the store does.
public struct KnownSubstations: Hashable, Sendable {
    public var codes: Set<String>
    public var domains: Set<String>

    public init(codes: Set<String> = [], domains: Set<String> = []) {
        self.codes = codes
        self.domains = domains
    }

    public init(_ substations: [Substation]) {
        self.init(codes: Set(substations.map(\.code)), domains: Set(substations.map { $0.domain.lowercased() }))
    }

    public mutating func insert(_ draft: SubstationDraft) {
        codes.insert(draft.code)
        domains.insert(draft.domain)
    }
}

/// A commission rate as people write it ("5.5%", "8", "12.25 %") and as it is stored (basis points).
public enum Commission {
    /// 0–100 with at most two decimals, an optional `%` (or full-width `％`) after it; nil otherwise.
    /// ASCII digits only: a full-width ５ is refused, not guessed at.
    public static func basisPoints(_ text: String) -> Int? {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.hasSuffix("%") || body.hasSuffix("％") { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...3).contains(whole.utf8.count),
              whole.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard parts.count == 1 || (1...2).contains(fraction.utf8.count), fraction.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        while fraction.utf8.count < 2 { fraction += "0" }
        guard let units = Int(whole), let hundredths = Int(fraction) else { return nil }
        let value = units * 100 + hundredths
        return (0...10_000).contains(value) ? value : nil
    }

    /// 550 → "5.5%", 1000 → "10%", 1234 → "12.34%": what `basisPoints` reads back to the same value.
    public static func text(_ basisPoints: Int) -> String {
        let units = basisPoints / 100, hundredths = basisPoints % 100
        if hundredths == 0 { return "\(units)%" }
        return hundredths % 10 == 0 ? "\(units).\(hundredths / 10)%" : "\(units).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }

    /// "5.50%", "12.05%", "0.00%": always two decimals, for a column where the figures line up.
    public static func fixedText(_ basisPoints: Int) -> String {
        let hundredths = basisPoints % 100
        return "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }
}

/// What a new substation takes from the one it is modelled on: its parent is the model itself, its
/// commission the model's, and its domain the model's with the first label replaced by the new code
/// (`xiaoqi.shop-demo.cn` → `sh-new.shop-demo.cn`). Without a model: under the main site, 0%, no domain.
public struct SubstationTemplate: Hashable, Sendable {
    public var parentCode: String?
    public var commissionBasisPoints: Int
    /// The model's domain after its first label, dot included (".shop-demo.cn"); empty without a model.
    public var domainSuffix: String

    public init(basedOn model: Substation?) {
        parentCode = model?.code
        commissionBasisPoints = model?.commissionBasisPoints ?? 0
        if let domain = model?.domain, let dot = domain.firstIndex(of: ".") {
            domainSuffix = String(domain[dot...]).lowercased()
        } else {
            domainSuffix = ""
        }
    }

    /// The domain suggested for `code`: lower-cased, `_` (not allowed in a host name) turned into `-`.
    public func domain(forCode code: String) -> String {
        let label = code.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        return label.isEmpty || domainSuffix.isEmpty ? "" : label + domainSuffix
    }
}
