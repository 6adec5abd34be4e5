import Foundation

/// The importer's entry point: a supplier file in, normalised card-key records out, streamed.
///
/// Pure: reads the file, writes nothing, holds no database. Records are delivered in file order
/// through `onRecord` as soon as each line is parsed, so memory stays flat for multi-GB files;
/// the store digests, dedups and inserts them, and commits the batch only when this returns.
/// A thrown error (refused file, cancellation, I/O) means the batch must not be committed.
public enum CardKeyImporter {
    /// Parses `file` and calls `onRecord` once per record (accepted, rejected or skipped).
    /// - Throws: `ImportError` for a refused, unreadable or cancelled file; anything `onRecord` throws.
    public static func parse(file: URL, options: ImportOptions = ImportOptions(), hooks: ImportHooks = ImportHooks(),
                             onRecord: (ImportRecord) throws -> Void) throws -> ImportSummary {
        try withoutActuallyEscaping(onRecord) { deliver in
            try run(file: file, options: options, hooks: hooks, deliver: deliver)
        }
    }

    private static func run(file: URL, options: ImportOptions, hooks: ImportHooks,
                            deliver: @escaping (ImportRecord) throws -> Void) throws -> ImportSummary {
        let reader = try FileReader(url: file, chunkSize: options.chunkSize, hooks: hooks)
        let name = file.lastPathComponent
        let gb = GB18030Converter()
        let big5 = GB18030Converter.big5Converter()
        var pipeline: TextPipeline?
        var splitter = LineSplitter(csv: false, maxRecordBytes: options.maxRecordBytes)
        var utf16: UTF16Transcoder?
        var transcoded: [UInt8] = []
        var first = true
        var zip = false
        var more = true
        while more {
            let delivered = pipeline.map { $0.summary.accepted + $0.summary.rejected + $0.summary.skipped } ?? 0
            more = try reader.next(records: delivered) { raw in
                var chunk = raw
                if first {
                    first = false
                    let kind: ContainerSniffer.Kind
                    do throws(Refusal) {
                        let forced16 = options.encoding == .utf16LE || options.encoding == .utf16BE
                        kind = try ContainerSniffer.sniff(chunk, ext: file.pathExtension.lowercased(),
                                                          utf16Override: forced16, gb: gb)
                    } catch { throw ImportError.refused(file: name, reason: error) }
                    if kind == .zip {
                        // Keep reading to the end only so that onChunk sees every byte once (the
                        // content digest); the workbook is then opened by path.
                        zip = true; reader.progressShare = 0.5
                    } else {
                        pipeline = try makePipeline(kind: kind, name: name, options: options, gb: gb, big5: big5,
                                                    chunk: &chunk, utf16: &utf16, deliver: deliver)
                        splitter = LineSplitter(csv: kind == .csv, maxRecordBytes: options.maxRecordBytes)
                    }
                }
                guard let pipeline else { return }
                if utf16 != nil {
                    transcoded.removeAll(keepingCapacity: true)
                    utf16!.transcode(chunk, into: &transcoded)
                    try transcoded.withUnsafeBufferPointer { try splitter.feed($0, to: pipeline) }
                    return
                }
                if pipeline.encoding == nil && EncodingDetector.hasHighByte(chunk) {
                    do throws(Refusal) {
                        pipeline.encoding = try EncodingDetector.decide(chunk, gb: gb, big5: big5)
                    } catch { throw ImportError.refused(file: name, reason: error) }
                    pipeline.summary.encoding = pipeline.encoding
                }
                try splitter.feed(chunk, to: pipeline)
            }
        }
        if zip {
            return try WorkbookImporter.parse(file: file, options: options, hooks: hooks, fileBytes: reader.bytesRead,
                                              deliver: deliver)
        }
        guard let pipeline else {  // empty file
            return ImportSummary(container: file.pathExtension.lowercased() == "csv" ? .csv : .text, encoding: options.encoding)
        }
        if utf16 != nil {
            transcoded.removeAll(keepingCapacity: true)
            utf16!.finish(into: &transcoded)
            try transcoded.withUnsafeBufferPointer { try splitter.feed($0, to: pipeline) }
        }
        try splitter.finish(to: pipeline)
        try pipeline.builder.end()
        var summary = pipeline.summary
        if summary.encoding == nil { summary.encoding = .utf8 }  // all ASCII: UTF-8 is exact
        summary.lines = splitter.linesSeen
        summary.bytesRead = reader.bytesRead
        summary.header = pipeline.builder.headerCells
        summary.separator = pipeline.builder.shapeSeparator
        summary.columns = pipeline.builder.shapeColumns
        return summary
    }

    /// Chooses the encoding (override, else BOM, else undecided) and builds the pipeline;
    /// strips the BOM from the first chunk.
    private static func makePipeline(kind: ContainerSniffer.Kind, name: String, options: ImportOptions,
                                     gb: GB18030Converter?, big5: GB18030Converter?, chunk: inout UnsafeBufferPointer<UInt8>,
                                     utf16: inout UTF16Transcoder?,
                                     deliver: @escaping (ImportRecord) throws -> Void) throws -> TextPipeline {
        var encoding = options.encoding
        if let (bomEncoding, length) = EncodingDetector.bom(chunk), encoding == nil || encoding == bomEncoding {
            encoding = bomEncoding
            chunk = UnsafeBufferPointer(rebasing: chunk[length...])
        }
        if encoding == .utf16LE || encoding == .utf16BE { utf16 = UTF16Transcoder(bigEndian: encoding == .utf16BE) }
        if encoding == .gb18030 && gb == nil {
            throw ImportError.refused(file: name, reason: .unsupportedEncoding("this system's iconv has no GB18030"))
        }
        if encoding == .big5 && big5 == nil {
            throw ImportError.refused(file: name, reason: .unsupportedEncoding("this system's iconv has no Big5"))
        }
        let builder = RecordBuilder(file: name, timeZone: options.expiryTimeZone, columns: options.columns, separator: options.separator)
        return TextPipeline(csv: kind == .csv, encoding: encoding, builder: builder, gb: gb, big5: big5,
                            summary: ImportSummary(container: kind == .csv ? .csv : .text, encoding: encoding),
                            deliver: deliver)
    }
}
