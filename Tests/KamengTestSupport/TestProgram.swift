import Foundation

/// Runs a program to completion for a test (the `kameng` binary's commands, `sqlite3`…): its stdout, or
/// an error carrying its stderr when it fails. The one process runner of the test targets; tmux
/// sessions start theirs through `TmuxSession`. Both go through `KamengProcess.ChildProcess`.
public enum TestProgram {
    /// Why a program run by a test failed: it could not start, or it exited non-zero.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(executable, arguments, environment: environment) } catch {
            throw Failure(message: String(describing: error))
        }
        guard outcome.status == 0 else {
            throw Failure(message: "\(executable) \(arguments.joined(separator: " ")) failed (status \(outcome.waitStatus)): \(outcome.stderr)")
        }
        return outcome.stdout
    }
}
