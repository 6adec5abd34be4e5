import Foundation
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Opens a batch read from `input` (see `SubstationSheet`) and writes the new API secrets to a file
    /// beside it, `NAME.secrets-YYYYMMDD-HHMMSS.tsv`, created with O_EXCL|O_NOFOLLOW and mode 0600 before
    /// anything is opened: a batch is never opened whose secrets have nowhere to go. The substations are
    /// opened all-or-nothing (`addSubstations`); if they are not, the empty file is removed.
    func addSubstations(_ drafts: [SubstationDraft], from input: String, by actor: Staff, now: Date = Date()) throws -> SubstationBatchResult {
        try require(actor, .manageSubstations)
        let path = Self.secretsPath(beside: input, at: now)
        let fd = createExclusive(path)
        guard fd >= 0 else { throw StoreError.file(path: path, problem: .cannotCreate(reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        let opened: [(Substation, apiSecret: String)]
        do {
            opened = try addSubstations(drafts, by: actor, now: now)
        } catch {
            unlink(path)
            throw error
        }
        var text = "# Kameng: API secrets of \(opened.count) substation(s) opened by \(actor.userName) at \(StoreTime.string(now)) UTC"
            + " from \((input as NSString).lastPathComponent).\n"
            + "# Give each substation its own line, then delete this file. `kameng substation secret CODE` shows one again (audited).\n"
            + "code\tdomain\tapi_secret\n"
        for (station, secret) in opened { text += "\(station.code)\t\(station.domain)\t\(secret)\n" }
        let data = Data(text.utf8)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let problem = written == data.count && fsync(fd) == 0 ? nil
            : "writing \(path) failed (\(String(cString: strerror(errno)))); the substations are open: `kameng substation secret CODE` shows each secret"
        return SubstationBatchResult(opened: opened.map(\.0), secretsPath: path, secretsProblem: problem)
    }

    /// Reads a batch file and checks it (`SubstationSheet`) against the substations that exist. Only a
    /// regular file is read, and only up to `SubstationSheet.maxBytes`: its size is checked first.
    /// Nothing is opened; a missing or unreadable file throws, a bad line is a problem in the sheet.
    func readSubstationSheet(path: String) throws -> SubstationSheet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw StoreError.file(path: path, problem: .missing) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard !isDirectory.boolValue, attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw StoreError.file(path: path, problem: .notRegular)
        }
        let known = KnownSubstations(try substations())
        guard let size = (attributes?[.size] as? NSNumber)?.intValue, size <= SubstationSheet.maxBytes else {
            var sheet = SubstationSheet()
            sheet.problems = [SubstationSheet.Problem(line: 0, .tooLarge(maxBytes: SubstationSheet.maxBytes))]
            return sheet
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.file(path: path, problem: .cannotRead(reason: "no permission, or it changed while being read"))
        }
        return SubstationSheet.parse(data, known: known)
    }

    /// `/dir/subs.csv` at 2026-11-24 03:15:00 UTC → `/dir/subs.secrets-20261124-031500.tsv`.
    static func secretsPath(beside input: String, at now: Date) -> String {
        let url = URL(fileURLWithPath: input)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        return url.deletingPathExtension().path + ".secrets-\(stamp).tsv"
    }
}

/// O_EXCL|O_NOFOLLOW, mode 0600: never through a planted symlink, never over another file. (At file
/// scope, where `open` is the C function and not one of the store's own.)
private func createExclusive(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
}
