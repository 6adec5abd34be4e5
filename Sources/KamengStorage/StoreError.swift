import Foundation
import KamengDomain
import KamengImport

/// Why an engine refused or failed. Every operation of the storage interface throws only this type.
/// Cases carry facts (paths, ids, codes, counts), never a secret; the words for a person come from
/// `text(_:)` (StoreError+Text.swift), in Chinese or English, in one place.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    // Opening and files
    case keyFile(path: String, problem: String)
    case notInitialised(path: String)
    case alreadyInitialised(path: String)
    /// A read-only session cannot migrate; the file must be opened once normally first.
    case needsUpgrade(path: String)
    /// A file the operation needs could not be read, created or written (the OS's reason in `reason`).
    case file(path: String, problem: FileProblem)

    // Who may do what
    case unknownStaff(user: String)
    case forbidden(user: String, action: String)
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
    /// The per-person hourly reveal limit is used up.
    case revealLimit(user: String, used: Int, limit: Int)
    /// An order's keys were fetched through the API `limit` times in the last hour.
    case tooManyFetches(orderNo: String, limit: Int)

    // What was asked for
    case notFound(Subject)
    case duplicate(Subject)
    /// A field of the request breaks a rule (`field` names it as the person typed it; `rule` says what holds).
    case invalidField(field: String, rule: String)
    /// An order, product or substation whose own checks failed (domain validation problems, in words).
    case invalidRecord(Subject, problems: [String])
    /// The subject is in a state the action cannot start from (e.g. an order already refunded).
    case wrongState(Subject, state: String, action: String)
    /// The demo-only authenticator secret was asked for on a database `kameng demo` did not build.
    case notADemo
    /// A demo can only be built into an empty database.
    case notEmpty(path: String)

    // Imports
    /// The same content (SHA-256) was imported before as these batches; ask, or pass `force`.
    case alreadyImported(file: String, batches: [Int64])
    /// The parser refused the whole file (a picture, a binary, a bad workbook…): nothing was written.
    case importRefused(file: String, refusal: Refusal)
    /// The parser cannot be sure which field is the secret: the question, with masked samples and the
    /// `--columns` answer it suggests. Nothing was written; the same file with columns chosen imports.
    case importNeedsColumns(file: String, question: ShapeQuestion)
    /// The file reads both as GB18030 and as Big5 and neither is clearly right: the encoding must be given.
    case importNeedsEncoding(file: String)
    case importCancelled(file: String)

    // The engine itself
    /// A stored row could not be read as what it must be (an unknown status, unreadable JSON…).
    case corruptRow(table: String, id: Int64, column: String, value: String)
    /// A check of the stored data failed: tampering, or a guarded change that found the row moved.
    case tampered(String)
    /// The database answered with an error the engine did not expect (its code and message).
    case storage(code: Int32, message: String)
    /// A write or sync to the disk failed (EIO, ENOSPC…). Until the engine is reopened every further
    /// write is refused with this error: what the OS says was written may not be on the disk.
    case storageFailed(path: String, detail: String)

    /// What `notFound`, `duplicate`, `invalidRecord` and `wrongState` are about.
    public enum Subject: Hashable, Sendable {
        case order(id: Int64)
        case orderNo(String)
        case product(sku: String)
        case substation(code: String)
        /// A substation's domain (unique like its code).
        case substationDomain(String)
        case batch(id: Int64)
        case cardKey(id: Int64)
        case staff(user: String)
        case authenticator(user: String)
        /// An SSH key (by fingerprint), with the staff member it is bound to when known.
        case sshKey(fingerprint: String, staff: String?)
        case deliveredKeys(orderNo: String)
        case keysToExport(String)
        /// A top-up's reference, unique per substation.
        case topUpReference(substation: String, reference: String)
        /// A substation's settlement of one period (YYYY-MM).
        case settlement(substation: String, period: String)
        case file(path: String)
        case other(String)
    }

    /// Why a file could not be used.
    public enum FileProblem: Hashable, Sendable {
        case missing
        case notRegular
        case cannotRead(reason: String)
        case cannotCreate(reason: String)
    }

    public var description: String { text(.en) }
}

extension StoreError {
    /// The storage under the database failed (`storageFailed`): nothing more can be written until reopened.
    public var isStorageFailure: Bool {
        if case .storageFailed = self { return true }
        return false
    }
}
