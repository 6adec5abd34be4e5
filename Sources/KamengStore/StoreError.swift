/// Why the store refused or failed: messages name the file, field or rule, and never contain a secret.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case keyFile(path: String, problem: String)
    case notInitialised(path: String)
    case alreadyInitialised(path: String)
    case unknownStaff(user: String)
    case forbidden(user: String, action: String)
    case invalid(String)
    case notFound(String)
    case duplicate(String)
    case tampered(String)
    case domain(String)
    /// The session was opened with `--readonly`: every changing action is disabled.
    case readOnly(action: String)
    /// The action needs a fresh TOTP code and none was given.
    case stepUpRequired(action: String)
    /// The person has no authenticator enrolled, so no step-up can succeed.
    case notEnrolled(user: String)
    /// A wrong, malformed or replayed code; counted towards the lockout.
    case stepUpRefused(reason: String, attemptsLeft: Int)
    /// Too many wrong codes, counted across every session in the database.
    case lockedOut(user: String, until: String)
    case rateLimited(String)
    /// A write or a sync of the database failed (EIO, ENOSPC…): what was not reported done may be lost,
    /// and the store refuses every write until the database is opened again.
    case storageFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case let .keyFile(path, problem): "key file \(path) \(problem)"
        case let .notInitialised(path): "no Kameng database at \(path); run `kameng init` (or `kameng demo` for a demo database)"
        case let .alreadyInitialised(path): "\(path) is already a Kameng database"
        case let .unknownStaff(user):
            "you (OS user \"\(user)\") are not Kameng staff; ask an admin to run: kameng staff add \(user) --role support"
        case let .forbidden(user, action): "\(user) may not \(action)"
        case let .invalid(message): message
        case let .notFound(what): "\(what) not found"
        case let .duplicate(what): "\(what) already exists"
        case let .tampered(what): "integrity failure: \(what)"
        case let .domain(message): message
        case let .readOnly(action): "read-only session (--readonly): \(action) is disabled"
        case let .stepUpRequired(action):
            "\(action) needs a fresh code from your authenticator (type it when asked, or pass --code NNNNNN)"
        case let .notEnrolled(user): "\(user) has no authenticator enrolled; run `kameng staff totp enroll` first"
        case let .stepUpRefused(reason, left):
            "code refused: \(reason); \(left) attempt\(left == 1 ? "" : "s") left before a 15-minute lockout"
        case let .lockedOut(user, until): "step-up is locked for \(user) after too many wrong codes; try again after \(until) UTC"
        case let .rateLimited(message): message
        case let .storageFailed(path, detail):
            "the storage under \(path) failed (\(detail)); nothing more is written until the database is opened again — check the disk (space, errors), then restart"
        }
    }
}

extension StoreError {
    /// The storage under the database failed (`storageFailed`).
    public var isStorageFailure: Bool {
        if case .storageFailed = self { return true }
        return false
    }
}
