/// Splits one CSV record (already decoded to UTF-8, newlines inside quotes included) into fields,
/// RFC 4180 style: `"a,b"`, doubled quotes `""` inside quotes, newlines inside quotes.
///
/// Lenient where real exports are sloppy, with the same states as `LineSplitter` so that both
/// agree on where a record ends: spaces before an opening quote are ignored, a quote inside an
/// unquoted field is a literal, text after a closing quote is appended.
struct CSVFields {
    /// Unescaped field bytes, back to back; `ranges` index into it.
    private(set) var bytes: [UInt8] = []
    private(set) var ranges: [Range<Int>] = []

    /// Parses `record` (replacing the previous result; storage is reused between records).
    mutating func parse(_ record: UnsafeBufferPointer<UInt8>) {
        bytes.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
        var i = 0
        let n = record.count
        var start = 0
        var inQuotes = false, atFieldStart = true
        while i < n {
            let b = record[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < n && record[i + 1] == 0x22 { bytes.append(0x22); i += 2; continue }
                    inQuotes = false  // text after the closing quote is appended
                } else {
                    bytes.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x2C:
                ranges.append(start..<bytes.count)
                start = bytes.count
                atFieldStart = true
            case 0x22 where atFieldStart:
                bytes.removeSubrange(start...)  // drop spaces before the opening quote
                inQuotes = true; atFieldStart = false
            case 0x20 where atFieldStart, 0x09 where atFieldStart:
                bytes.append(b)
            default:
                bytes.append(b)
                atFieldStart = false
            }
            i += 1
        }
        ranges.append(start..<bytes.count)
    }
}
