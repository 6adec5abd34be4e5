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
        }
    }
}
