/// Decodes each record the splitter finds and hands it to the `RecordBuilder`.
///
/// Pure-ASCII records (the common `NUMBER----SECRET` case) are identical in every supported
/// encoding and skip decoding altogether. Others are checked as UTF-8 or converted from GB18030;
/// a record that fails is rejected as `.undecodableBytes` by its line number and parsing goes on.
final class TextPipeline: LineConsumer {
    /// nil while every byte so far was ASCII and no encoding was forced (see `EncodingDetector`).
    var encoding: TextEncoding?
    let csv: Bool
    let builder: RecordBuilder
    let gb: GB18030Converter?
    let big5: GB18030Converter?
    var summary: ImportSummary
    private let deliver: (ImportRecord) throws -> Void

    init(csv: Bool, encoding: TextEncoding?, builder: RecordBuilder, gb: GB18030Converter?, big5: GB18030Converter?,
         summary: ImportSummary, deliver: @escaping (ImportRecord) throws -> Void) {
        self.csv = csv
        self.encoding = encoding
        self.builder = builder
        self.gb = gb
        self.big5 = big5
        self.summary = summary
        self.deliver = deliver
    }

    func record(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, nonASCII: Bool) throws {
        if !nonASCII { return try emit(parse(bytes, line: line)) }
        switch encoding {
        case .gb18030, .big5:
            guard let converter = encoding == .big5 ? big5 : gb, let rec = try converter.convert(bytes, { try parse($0, line: line) }) else {
                return try emit(.rejected(line: line, reason: .undecodableBytes))
            }
            try emit(rec)
        default:  // UTF-8, or UTF-16 already transcoded to UTF-8 (0xFF marks a bad code unit)
            guard UTF8Validation.isValid(bytes) else {
                return try emit(.rejected(line: line, reason: .undecodableBytes))
            }
            try emit(parse(bytes, line: line))
        }
    }

    func problem(line: Int, reason: RejectReason) throws {
        try emit(.rejected(line: line, reason: reason))
    }

    @inline(__always)
    private func parse(_ p: UnsafeBufferPointer<UInt8>, line: Int) throws -> ImportRecord {
        csv ? try builder.csvRecord(p, line: line) : try builder.textLine(p, line: line)
    }

    @inline(__always)
    private func emit(_ record: ImportRecord) throws {
        summary.count(record)
        try deliver(record)
    }
}
