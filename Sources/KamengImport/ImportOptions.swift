import Foundation

/// What the caller can choose about one import. A value type: safe to keep in a command's state.
public struct ImportOptions: Sendable, Equatable {
    /// `--encoding`: skip detection and decode as this (a matching BOM is still removed).
    public var encoding: TextEncoding?
    /// `--sheet NAME`: the worksheet to read from an .xlsx; nil means the first one.
    public var sheetName: String?
    /// `--columns`: which field is what; nil lets the importer decide, or refuse when it cannot be sure.
    public var columns: ColumnMapping?
    /// `--separator`: the bytes between fields of a text line; nil detects them per line.
    public var separator: [UInt8]?
    /// Read size. 256 KiB keeps syscalls rare and memory flat for multi-GB files.
    public var chunkSize = 256 * 1024
    /// A record (a line, or a CSV record with quoted newlines) longer than this is rejected
    /// as `.lineTooLong` without being buffered further, so memory stays bounded whatever the file.
    public var maxRecordBytes = 64 * 1024
    /// Time zone in which expiry dates without an offset are read. Suppliers are in China: UTC+8.
    public var expiryTimeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    /// Zip-bomb guard for .xlsx files.
    public var workbookLimits = WorkbookLimits()

    /// Default options: detect everything.
    public init() {}
}

/// Bounds on what an .xlsx may inflate to. Both the declared sizes and the bytes actually
/// produced while inflating are checked, because a hostile zip can lie in its headers.
public struct WorkbookLimits: Sendable, Equatable {
    /// Total uncompressed bytes of all entries.
    public var maxTotalUncompressed: UInt64 = 512 * 1024 * 1024
    /// Largest allowed uncompressed/compressed ratio for an entry bigger than `ratioAppliesAbove`.
    public var maxRatio: UInt64 = 100
    /// Small entries may compress very well (repeated XML boilerplate) without being a threat.
    public var ratioAppliesAbove: UInt64 = 1024 * 1024

    /// The defaults: 512 MiB in all, 100:1 for entries over 1 MiB.
    public init() {}
}

/// Callbacks for one import. Separate from `ImportOptions` because closures are not `Sendable`
/// values to store; all are called synchronously on the parsing thread.
public struct ImportHooks {
    /// Every raw byte of the file, in order, exactly once (BOM included): the store feeds this
    /// to swift-crypto's `SHA256.update(bufferPointer:)` for the content digest, with no copy.
    /// The buffer is only valid during the call.
    public var onChunk: ((UnsafeRawBufferPointer) -> Void)?
    /// Called after each chunk with bytes read so far, for a progress bar and ETA.
    public var progress: ((ImportProgress) -> Void)?
    /// Checked before each chunk (and every 4096 rows of a sheet); true → `ImportError.cancelled`.
    public var isCancelled: (() -> Bool)?

    /// Creates hooks; all are optional.
    public init(onChunk: ((UnsafeRawBufferPointer) -> Void)? = nil,
                progress: ((ImportProgress) -> Void)? = nil,
                isCancelled: (() -> Bool)? = nil) {
        self.onChunk = onChunk
        self.progress = progress
        self.isCancelled = isCancelled
    }
}

/// A progress report: enough for a bar (`fraction`) and an ETA (bytes per second over time).
public struct ImportProgress: Sendable, Equatable {
    /// Bytes of the file processed so far (for xlsx: the sheet's share, scaled to the file size).
    public var bytesRead: Int64
    /// Size of the file in bytes.
    public var totalBytes: Int64
    /// Records (lines or rows) delivered so far.
    public var records: Int

    /// Creates a report (the importer makes them; the store's tests may too).
    public init(bytesRead: Int64, totalBytes: Int64, records: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.records = records
    }

    /// 0…1; 1 for an empty file.
    public var fraction: Double {
        totalBytes == 0 ? 1 : min(1, Double(bytesRead) / Double(totalBytes))
    }
}

/// A text encoding the importer can read.
public enum TextEncoding: String, Sendable, Equatable, CaseIterable {
    /// UTF-8, with or without BOM.
    case utf8 = "utf-8"
    /// UTF-16 little endian (BOM FF FE).
    case utf16LE = "utf-16le"
    /// UTF-16 big endian (BOM FE FF).
    case utf16BE = "utf-16be"
    /// GB18030, a superset of GBK and GB2312 (simplified Chinese).
    case gb18030 = "gb18030"
    /// Big5 as Windows writes it (code page 950; traditional Chinese, as zfaka accepts).
    case big5 = "big5"

    /// Parses an `--encoding` argument: utf8, utf-16le, gbk, gb2312, gb18030, cp936, big5, cp950 … (any case).
    public init?(argument: String) {
        let key = argument.lowercased().replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: "_", with: "")
        switch key {
        case "utf8": self = .utf8
        case "utf16le", "utf16": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "gb18030", "gbk", "gb2312", "cp936", "936", "euccn": self = .gb18030
        case "big5", "cp950", "950", "big5hkscs": self = .big5
        default: return nil
        }
    }
}

/// What kind of file was detected.
public enum ContainerKind: String, Sendable, Equatable {
    /// One record per line.
    case text
    /// RFC 4180 CSV.
    case csv
    /// Office Open XML workbook.
    case xlsx
}
