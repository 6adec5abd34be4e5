import Foundation
import KamengDomain

/// Tab completion of a file path, the way a shell does it: the longest common prefix of the entries
/// that match what was typed, and the list of them when there are several.
enum PathCompletion {
    /// Completes `typed` against `entries` (the names in its directory; directories end in "/").
    /// Pure, so the rule is tested without a file system.
    static func complete(_ typed: String, entries: [String]) -> (completion: String, candidates: [String]) {
        let (directory, stem) = split(typed)
        let matches = entries.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
        guard let first = matches.first else { return (typed, []) }
        var common = first
        for name in matches.dropFirst() {
            while !name.hasPrefix(common) { common.removeLast() }
        }
        return (directory + common, matches.count > 1 ? matches : [])
    }

    /// "dir/sub/fi" → ("dir/sub/", "fi"); "fi" → ("", "fi").
    static func split(_ typed: String) -> (directory: String, stem: String) {
        guard let slash = typed.lastIndex(of: "/") else { return ("", typed) }
        return (String(typed[...slash]), String(typed[typed.index(after: slash)...]))
    }

    /// Reads the directory `typed` points into and completes it. I/O: run by the loop's effects only.
    static func completeOnDisk(_ typed: String, workingDirectory: String = FileManager.default.currentDirectoryPath) -> (completion: String, candidates: [String]) {
        let (directory, _) = split(typed)
        let expanded = (directory.isEmpty ? "." : (directory as NSString).expandingTildeInPath)
        let absolute = expanded.hasPrefix("/") ? expanded : workingDirectory + "/" + expanded
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { return (typed, []) }
        let entries = names.prefix(5_000).map { name -> String in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: absolute + "/" + name, isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
        return complete(typed, entries: Array(entries))
    }

    /// Completes only names inside `root` (a remote session's inbox): an absolute path, `~` or `..`
    /// completes to nothing, so Tab never lists what lies outside.
    static func completeInside(_ typed: String, root: String) -> (completion: String, candidates: [String]) {
        if !typed.isEmpty, case .failure = InboxPath.resolve(typed, root: root) { return (typed, []) }
        return completeOnDisk(typed, workingDirectory: root)
    }
}

