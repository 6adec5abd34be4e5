import Foundation
import ZIPFoundation

/// The zip side of an .xlsx: opening, the inflation guard, and reading one part.
///
/// Parts are inflated into memory, not to a temporary file: no plaintext copy of card keys is
/// left on disk, and memory is bounded by `WorkbookLimits.maxTotalUncompressed` (512 MiB by
/// default; Excel itself stops at 1,048,576 rows, so real sheets stay well under it).
struct WorkbookArchive {
    let archive: Archive
    let name: String
    let limits: WorkbookLimits
    /// Bytes actually produced so far by inflation, across all parts read.
    private var inflated: UInt64 = 0

    /// Opens the zip and checks every entry's *declared* sizes before anything is inflated.
    init(url: URL, limits: WorkbookLimits) throws {
        name = url.lastPathComponent
        self.limits = limits
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ImportError.refused(file: name, reason: .malformedWorkbook("not a readable zip archive"))
        }
        var total: UInt64 = 0
        for entry in archive {
            let (u, c) = (entry.uncompressedSize, entry.compressedSize)
            total &+= u
            if total > limits.maxTotalUncompressed {
                throw refusal("entries declare more than \(limits.maxTotalUncompressed) bytes uncompressed")
            }
            if u > limits.ratioAppliesAbove && (c == 0 || u / c > limits.maxRatio) {
                throw refusal("\(entry.path) declares \(u) bytes from \(c) compressed, above \(limits.maxRatio):1")
            }
        }
        guard archive["xl/workbook.xml"] != nil else { throw ImportError.refused(file: name, reason: .zipNotWorkbook) }
    }

    /// Inflates one part, counting the bytes really produced: a part may not exceed its declared
    /// size (headers can lie), nor may all parts together exceed the total limit.
    mutating func read(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        let declared = entry.uncompressedSize
        var data = Data()
        data.reserveCapacity(Int(min(declared, 64 * 1024 * 1024)))
        var produced: UInt64 = 0
        let budget = limits.maxTotalUncompressed
        let already = inflated
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                produced += UInt64(chunk.count)
                if produced > declared || already + produced > budget {
                    throw ImportError.refused(file: name, reason: .inflatesTooMuch(
                        "\(path) inflates past its declared \(declared) bytes or the \(budget)-byte limit"))
                }
                data.append(chunk)
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.refused(file: name, reason: .malformedWorkbook("\(path) cannot be inflated (\(error))"))
        }
        inflated += produced
        return data
    }

    private func refusal(_ detail: String) -> ImportError {
        .refused(file: name, reason: .inflatesTooMuch(detail))
    }
}
