import Foundation
import KamengDomain
import KamengImport
import KamengStorage

#if canImport(Glibc)
import Glibc
#endif

/// Writes an export the way Kameng writes every file it creates: whole or not at all (a temporary file
/// beside it, linked into place), never over an existing file and never through a link, mode 0600.
enum ReportFile {
    static func write(_ sheet: ReportSheet, to path: String, shownAs typed: String) throws(StoreError) {
        let data: Data
        if path.lowercased().hasSuffix(".xlsx") {
            do {
                data = try WorkbookExport.data(sheet.sections.map { section in
                    WorkbookExport.Sheet(name: section.title, rows: ([[section.title], section.header] + section.rows).map { $0.map(cell) })
                })
            } catch {
                throw StoreError.file(path: typed, problem: .cannotCreate(reason: "\(error)"))
            }
        } else {
            data = Data(sheet.csv.utf8)
        }
        try writeExclusively(data, to: path, shownAs: typed)
    }

    /// Plain numbers as numbers; everything else text (which `WorkbookExport` formula-guards).
    static func cell(_ text: String) -> WorkbookExport.Cell { ReportSheet.isPlainNumber(text) ? .number(text) : .text(text) }

    static func writeExclusively(_ data: Data, to path: String, shownAs typed: String) throws(StoreError) {
        func refused(_ reason: String) -> StoreError { .file(path: typed, problem: .cannotCreate(reason: reason)) }
        var existing = stat()
        if lstat(path, &existing) == 0 {
            throw refused((existing.st_mode & S_IFMT) == S_IFLNK ? "it is a symbolic link" : "it already exists; Kameng never overwrites a file")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).part").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw refused(String(cString: strerror(errno))) }
        defer { unlink(temporary) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard written, synced else { throw refused(String(cString: strerror(errno))) }
        // link(2) fails when the name exists: a file that appeared meanwhile is not overwritten either.
        guard link(temporary, path) == 0 else {
            throw refused(errno == EEXIST ? "it already exists; Kameng never overwrites a file" : String(cString: strerror(errno)))
        }
    }
}

extension ConsoleSession {
    /// Where an export typed as `typed` goes: any path locally; through ssh only a name in the caller's inbox.
    func writable(_ typed: String) throws(StoreError) -> String {
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        guard let fileRoot else {
            return (trimmed as NSString).expandingTildeInPath
        }
        switch InboxPath.resolve(trimmed, root: fileRoot) {
        case .success(let inside): return inside
        case .failure(let problem): throw StoreError.file(path: typed, problem: .cannotCreate(reason: problem.message))
        }
    }
}
