/// Receives records from `LineSplitter`.
protocol LineConsumer: AnyObject {
    /// A complete record (a line, or a CSV record whose quoted fields may span lines), without
    /// its terminator. `line` is its first physical line. `nonASCII` is true when any byte ≥ 0x80,
    /// so pure-ASCII records can take the fast path. The buffer is only valid during the call.
    func record(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, nonASCII: Bool) throws
    /// A record that is rejected before decoding (too long, unterminated quote).
    func problem(line: Int, reason: RejectReason) throws
}

/// Splits a byte stream into records at LF, CRLF or lone CR, across chunk boundaries.
///
/// Works on raw bytes of any ASCII-compatible encoding in which 0x0A, 0x0D, `"` and `,` only ever
/// mean themselves (UTF-8, GB18030), so splitting happens before decoding and a line that fails to
/// decode costs only that line. In CSV mode it follows RFC 4180 quoting: a newline inside a quoted
/// field belongs to the record. Memory is bounded: a record longer than `maxRecordBytes` is
/// rejected and skipped without being buffered (a runaway quote is re-read line by line instead).
struct LineSplitter {
    /// CSV field states, mirrored by `CSVFields`; only `.quoted` makes a newline content.
    private enum QuoteState { case fieldStart, unquoted, quoted, quotedQuote }

    let csv: Bool
    let maxRecordBytes: Int
    /// Physical line number of the next byte.
    private(set) var lineNo = 1
    private var recordLine = 1
    private var carry: [UInt8] = []
    private var carryHigh: UInt8 = 0
    private var prevCR = false
    private var discarding = false
    private var state = QuoteState.fieldStart
    /// Whether any byte has been seen since the last terminator (so EOF knows a last line exists).
    private var midRecord = false

    init(csv: Bool, maxRecordBytes: Int) {
        self.csv = csv
        self.maxRecordBytes = maxRecordBytes
    }

    /// Physical lines seen so far; after `finish`, a final line without terminator counts.
    var linesSeen: Int { lineNo - 1 }

    /// Feeds the next chunk; complete records go to `sink`.
    mutating func feed<C: LineConsumer>(_ chunk: UnsafeBufferPointer<UInt8>, to sink: C) throws {
        guard let p = chunk.baseAddress, !chunk.isEmpty else { return }
        let n = chunk.count
        var i = 0
        var start = 0
        var high: UInt8 = 0
        while i < n {
            if !csv {
                // Text: only CR and LF matter; skip the rest of the line in a tight loop that
                // touches no state (this loop is most of the importer's time per byte).
                var j = i, h: UInt8 = 0
                while j < n {
                    let c = p[j]
                    if c == 0x0A || c == 0x0D { break }
                    h |= c; j += 1
                }
                if j > i {
                    high |= h; prevCR = false; midRecord = true; i = j
                    if i == n { break }
                }
            }
            let b = p[i]
            if b > 0x22 {  // not a terminator nor a quote: the common case
                high |= b; prevCR = false; midRecord = true
                if csv {
                    if state == .fieldStart || state == .quotedQuote { state = b == 0x2C ? .fieldStart : .unquoted }
                    else if state == .unquoted && b == 0x2C { state = .fieldStart }
                }
                i += 1
                continue
            }
            if b == 0x0A && prevCR {  // second half of CRLF
                prevCR = false
                if state == .quoted { i += 1 } else { i += 1; start = i }
                continue
            }
            if b == 0x0A || b == 0x0D {
                prevCR = b == 0x0D
                if state == .quoted { lineNo += 1; i += 1; continue }
                try emit(p, start, i, high, to: sink)
                high = 0; lineNo += 1; recordLine = lineNo; state = .fieldStart; midRecord = false
                i += 1; start = i
                continue
            }
            prevCR = false; midRecord = true
            if csv && b == 0x22 {
                switch state {
                case .fieldStart: state = .quoted
                case .quoted: state = .quotedQuote
                case .quotedQuote: state = .quoted
                case .unquoted: break
                }
            } else if csv && b != 0x20 && b != 0x09 {
                if state == .fieldStart || state == .quotedQuote { state = .unquoted }
            }
            high |= b
            i += 1
        }
        if start < n { try keep(p, start, n, high, to: sink) }
    }

    /// Emits the last record at end of input (a file need not end with a newline).
    mutating func finish<C: LineConsumer>(to sink: C) throws {
        while true {
            if discarding { discarding = false; carry = []; if midRecord { lineNo += 1 }; return }
            guard !carry.isEmpty || midRecord else { return }
            if csv && state == .quoted {
                try replayAfterRunawayQuote(to: sink, reason: .unterminatedQuote)
                continue
            }
            let bytes = carry, high = carryHigh
            carry = []; carryHigh = 0
            try bytes.withUnsafeBufferPointer {
                try sink.record($0, line: recordLine, nonASCII: high & 0x80 != 0)
            }
            midRecord = false
            lineNo += 1  // the unterminated last line still counts as a line
            return
        }
    }

    /// A record ends at `end`: deliver carry + p[start..<end], or reject it when too long.
    private mutating func emit<C: LineConsumer>(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                                _ high: UInt8, to sink: C) throws {
        if discarding {
            discarding = false
            return
        }
        if carry.isEmpty {
            if end - start > maxRecordBytes { return try sink.problem(line: recordLine, reason: .lineTooLong) }
            try sink.record(UnsafeBufferPointer(start: p + start, count: end - start),
                            line: recordLine, nonASCII: high & 0x80 != 0)
            return
        }
        let total = carry.count + end - start
        if total > maxRecordBytes {
            carry = []; carryHigh = 0
            return try sink.problem(line: recordLine, reason: .lineTooLong)
        }
        carry.append(contentsOf: UnsafeBufferPointer(start: p + start, count: end - start))
        let h = carryHigh | high
        try carry.withUnsafeBufferPointer { try sink.record($0, line: recordLine, nonASCII: h & 0x80 != 0) }
        carry.removeAll(keepingCapacity: true); carryHigh = 0
    }

    /// The chunk ended mid-record: keep the tail, unless that makes the record too long.
    private mutating func keep<C: LineConsumer>(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                                _ high: UInt8, to sink: C) throws {
        if discarding { return }
        carry.append(contentsOf: UnsafeBufferPointer(start: p + start, count: end - start))
        carryHigh |= high
        guard carry.count > maxRecordBytes else { return }
        if csv && state == .quoted {
            try replayAfterRunawayQuote(to: sink, reason: .lineTooLong)
        } else {
            carry = []; carryHigh = 0; discarding = true
            try sink.problem(line: recordLine, reason: .lineTooLong)
        }
    }

    /// A quote opened and never closed (or ran past the limit): reject the record's first line
    /// and read the bytes after it again as fresh records, so one stray `"` costs one line and
    /// every later line is still accounted for by its own number.
    private mutating func replayAfterRunawayQuote<C: LineConsumer>(to sink: C, reason: RejectReason) throws {
        let bytes = carry
        carry = []; carryHigh = 0
        var cut = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? bytes.count
        try sink.problem(line: recordLine, reason: reason)
        lineNo = recordLine + 1; recordLine = lineNo
        state = .fieldStart; prevCR = false; midRecord = false
        guard cut < bytes.count else { return }
        if bytes[cut] == 0x0D && cut + 1 < bytes.count && bytes[cut + 1] == 0x0A { cut += 1 }
        else if bytes[cut] == 0x0D { prevCR = true }
        let rest = Array(bytes[(cut + 1)...])
        try rest.withUnsafeBufferPointer { try feed($0, to: sink) }
    }
}
