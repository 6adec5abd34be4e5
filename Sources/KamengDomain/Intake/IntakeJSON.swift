import Foundation

/// A small, strict JSON reader for intake lines: the envelope and the payloads are flat objects, and a
/// reader of our own can refuse what a general decoder quietly accepts — a field given twice (which copy
/// would count?), a fraction or exponent where an amount in fen is expected, nesting past a few levels —
/// and can say which field is wrong in words a substation's developer understands.
public enum IntakeJSON {
    /// A parsed JSON value. Numbers keep their text, so integers are read exactly or refused.
    public indirect enum Value: Equatable, Sendable {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])

        public static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.string(x), .string(y)), let (.number(x), .number(y)): x == y
            case let (.bool(x), .bool(y)): x == y
            case (.null, .null): true
            case let (.array(x), .array(y)): x == y
            case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: false
            }
        }
    }

    /// Most fields one object may have. Intake objects have at most nine; the cap keeps a hostile line
    /// of thousands of fields from costing more than an ordinary one, and says so with its own code.
    public static let maxFieldsPerObject = 64

    /// Counts the documents parsed while a test has set it (`$parseCounter.withValue`): how tests see
    /// that an unverified payload is never parsed. Nil, and one task-local read, otherwise.
    @TaskLocal public static var parseCounter: ParseCounter?

    /// A count of `parse` calls, for tests.
    public final class ParseCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        public init() {}
        public var count: Int { lock.withLock { value } }
        func increment() { lock.withLock { value += 1 } }
    }

    /// Parses one complete JSON document; the message says what is wrong and at which byte.
    public static func parse(_ bytes: [UInt8]) throws(IntakeProblem) -> Value {
        parseCounter?.increment()
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == bytes.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String) throws(IntakeProblem) -> Value { try parse(Array(text.utf8)) }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        static let maxDepth = 4

        func fail(_ message: String) -> IntakeProblem { .malformed("not valid JSON: \(message) at byte \(index + 1)") }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(IntakeProblem) -> Value {
            guard index < bytes.count else { throw fail("unexpected end") }
            switch bytes[index] {
            case 0x7B: return try object(depth: depth + 1)
            case 0x5B: return try array(depth: depth + 1)
            case 0x22: return .string(try string())
            case 0x74: try literal("true"); return .bool(true)
            case 0x66: try literal("false"); return .bool(false)
            case 0x6E: try literal("null"); return .null
            case 0x2D, 0x30...0x39: return .number(try number())
            default: throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: String) throws(IntakeProblem) {
            let w = Array(word.utf8)
            guard bytes.count - index >= w.count, Array(bytes[index..<index + w.count]) == w else { throw fail("unexpected character") }
            index += w.count
        }

        mutating func object(depth: Int) throws(IntakeProblem) -> Value {
            guard depth <= Self.maxDepth else { throw fail("nested too deeply") }
            index += 1
            var fields: [(String, Value)] = []
            // A set beside the list: the duplicate check costs the same for every field, not one
            // comparison per field seen so far.
            var seen = Set<String>()
            skipSpace()
            if index < bytes.count, bytes[index] == 0x7D { index += 1; return .object(fields) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x22 else { throw fail("expected a field name") }
                guard fields.count < IntakeJSON.maxFieldsPerObject else {
                    throw IntakeProblem(.tooManyFields, "more than \(IntakeJSON.maxFieldsPerObject) fields in one object")
                }
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw .malformed("field \"\(IntakeProblem.clip(key))\" appears twice")
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == 0x3A else { throw fail("expected ':'") }
                index += 1
                skipSpace()
                fields.append((key, try value(depth: depth)))
                skipSpace()
                guard index < bytes.count else { throw fail("unexpected end") }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x7D { index += 1; return .object(fields) }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(IntakeProblem) -> Value {
            guard depth <= Self.maxDepth else { throw fail("nested too deeply") }
            index += 1
            var items: [Value] = []
            skipSpace()
            if index < bytes.count, bytes[index] == 0x5D { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth))
                skipSpace()
                guard index < bytes.count else { throw fail("unexpected end") }
                if bytes[index] == 0x2C { index += 1; continue }
                if bytes[index] == 0x5D { index += 1; return .array(items) }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func number() throws(IntakeProblem) -> String {
            let start = index
            if bytes[index] == 0x2D { index += 1 }
            func digits(_ r: inout Reader) -> Int {
                let s = r.index
                while r.index < r.bytes.count, (0x30...0x39).contains(r.bytes[r.index]) { r.index += 1 }
                return r.index - s
            }
            let whole = index
            guard digits(&self) > 0 else { throw fail("expected digits") }
            if bytes[whole] == 0x30, index - whole > 1 { throw fail("leading zero") }
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                guard digits(&self) > 0 else { throw fail("expected digits after '.'") }
            }
            if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
                index += 1
                if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
                guard digits(&self) > 0 else { throw fail("expected exponent digits") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func string() throws(IntakeProblem) -> String {
            index += 1
            let start = index
            // Fast path: no escapes. Validating UTF-8 here means a payload string is exactly its bytes.
            while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C, bytes[index] >= 0x20 { index += 1 }
            if index < bytes.count, bytes[index] == 0x22 {
                guard let text = Self.utf8String(bytes[start..<index]) else { throw fail("invalid UTF-8") }
                index += 1
                return text
            }
            var out = Array(bytes[start..<index])
            while true {
                guard index < bytes.count else { throw fail("unterminated string") }
                let b = bytes[index]
                if b == 0x22 { index += 1; break }
                if b < 0x20 { throw fail("control character in a string") }
                if b != 0x5C { out.append(b); index += 1; continue }
                index += 1
                guard index < bytes.count else { throw fail("unterminated string") }
                let e = bytes[index]
                index += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard bytes.count - index >= 6, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { throw fail("lone surrogate") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("lone surrogate")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape")
                }
            }
            guard let text = Self.utf8String(out[...]) else { throw fail("invalid UTF-8") }
            return text
        }

        /// The bytes as a String when they are valid UTF-8, else nil. Decoding repairs an invalid sequence
        /// (with U+FFFD), so the bytes are valid exactly when the decoded text's bytes are the same bytes.
        /// (`String(validating:as:)` is generic over the encoding and looked up type metadata on every
        /// call: about a quarter of the intake reader's instructions.)
        static func utf8String(_ bytes: ArraySlice<UInt8>) -> String? {
            var text = String(decoding: bytes, as: UTF8.self)
            let same = text.withUTF8 { decoded in
                bytes.withUnsafeBufferPointer { raw in
                    decoded.count == raw.count && decoded.elementsEqual(raw)
                }
            }
            return same ? text : nil
        }

        mutating func hex4() throws(IntakeProblem) -> UInt32 {
            guard bytes.count - index >= 4 else { throw fail("short \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[index]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                default: throw fail("bad \\u escape")
                }
                v = v << 4 | d
                index += 1
            }
            return v
        }
    }
}
