import Foundation
import Testing
@testable import KamengImport

/// Files whose shape Kameng cannot be sure of are refused with a question: two sample lines (keys
/// masked) and the `--columns` line that imports them; with that line they import right.
@Suite struct AmbiguousShapeTests {
    /// Parses, expecting a refusal with a question; returns it.
    static func question(_ text: String, name: String = "keys.txt", sourceLocation: SourceLocation = #_sourceLocation) throws -> ShapeQuestion? {
        do {
            _ = try Support.parse(text: text, name: name)
            Issue.record("expected a refusal", sourceLocation: sourceLocation)
            return nil
        } catch ImportError.refused(_, .ambiguousShape(let q)) {
            return q
        }
    }

    static func withColumns(_ text: String, _ columns: String, name: String = "keys.txt") throws -> Support.Result {
        var options = ImportOptions()
        options.columns = try ColumnMapping.parse(columns)
        return try Support.parse(text: text, name: name, options: options)
    }

    @Test("A header with a cell Kameng does not know: refused, then imported with the suggested --columns")
    func headerWithUnknownCell() throws {
        let text = "卡密|类型|时长/次数|单位\nVIP-7D-QWER-0001|时间卡|7|天\nVIP-30D-ASDF-0002|时间卡|30|天\n"
        let q = try #require(try Self.question(text))
        #expect(q.why == .headerHasUnknownCells(["时长/次数", "单位"]))
        #expect(q.suggestion == "secret,note,note,note")
        #expect(q.samples == ["卡密|类型|时长/次数|单位", "VIP-…-0001|时间卡|7|天"])
        #expect(ImportError.refused(file: "keys.txt", reason: .ambiguousShape(q)).description.contains("--columns secret,note,note,note"))
        let r = try Self.withColumns(text, q.suggestion)
        #expect(r.secrets == ["VIP-7D-QWER-0001", "VIP-30D-ASDF-0002"])
        #expect(r.accepted.map(\.note) == ["时间卡; 7; 天", "时间卡; 30; 天"])
        #expect(r.summary.skippedHeader == 1)
    }

    @Test("A region column first: refused, and its suggested --columns makes the region a note")
    func regionColumn() throws {
        let text = "德玛西亚一区 kaha01  mima1\n艾欧尼亚 kaha02  mima2\n"
        let q = try #require(try Self.question(text))
        #expect(q.why == .numberLooksLikeProse(field: 1))
        #expect(q.suggestion == "note,number,secret")
        #expect(q.samples == ["德玛西亚一区 ka…01  m…1", "艾欧尼亚 ka…02  m…2"])
        let r = try Self.withColumns(text, q.suggestion)
        #expect(r.accepted.map(\.number) == ["kaha01", "kaha02"])
        #expect(r.secrets == ["mima1", "mima2"])
        #expect(r.accepted.map(\.note) == ["德玛西亚一区", "艾欧尼亚"])
    }

    @Test("Chinese text where the secret would be, a key elsewhere: refused; a one-line file is asked with one sample")
    func proseSecret() throws {
        let q = try #require(try Self.question("ABCD-1234-EFGH|时间卡|30|天\n"))
        #expect(q.why == .secretLooksLikeProse(field: 2))
        #expect(q.suggestion == "secret,note,note,note")
        #expect(q.samples.count == 1)
        let r = try Self.withColumns("ABCD-1234-EFGH|时间卡|30|天\n", q.suggestion)
        #expect(r.secrets == ["ABCD-1234-EFGH"] && r.accepted.map(\.note) == ["时间卡; 30; 天"])
    }

    @Test("Three fields that each look like a key: refused; a date or an amount beside two keys is not asked about")
    func severalKeys() throws {
        let text = "ACCT-0001 PIN-7QX2-A1 REDEEM-99ZZ-K1\nACCT-0002 PIN-8QX2-A2 REDEEM-98ZZ-K2\n"
        let q = try #require(try Self.question(text))
        #expect(q.why == .severalKeyLikeFields([1, 2, 3]))
        #expect(q.suggestion == "number,secret,note")
        #expect(q.samples == ["AC…01 PI…A1 REDE…ZZ-K1", "AC…02 PI…A2 REDE…ZZ-K2"])
        let r = try Self.withColumns(text, "number,note,secret")
        #expect(r.secrets == ["REDEEM-99ZZ-K1", "REDEEM-98ZZ-K2"] && r.accepted.map(\.note) == ["PIN-7QX2-A1", "PIN-8QX2-A2"])
        let dated = try Support.parse(text: "1001----KEY-0001-AA----20270131----100元\n")
        #expect(dated.secrets == ["KEY-0001-AA"] && dated.accepted.first?.expiry != nil)
    }

    @Test("--columns by header name picks the cells, in any order; a name the header lacks refuses")
    func columnsByName() throws {
        let text = "编号,兑换内容,兑换码\n1,会员月卡,CODE-0001-AAAA\n2,会员月卡,CODE-0002-BBBB\n"
        let r = try Self.withColumns(text, "secret=兑换码,ignore=编号", name: "k.csv")
        #expect(r.secrets == ["CODE-0001-AAAA", "CODE-0002-BBBB"])
        #expect(r.accepted.map(\.note) == ["兑换内容: 会员月卡", "兑换内容: 会员月卡"])
        #expect(throws: ImportError.refused(file: "k.csv", reason: .columnNotInHeader("卡密", ["编号", "兑换内容", "兑换码"]))) {
            try Self.withColumns(text, "secret=卡密", name: "k.csv")
        }
    }

    @Test("--separator splits on exactly that text")
    func separatorOption() throws {
        var options = ImportOptions()
        options.separator = SeparatorArgument.bytes("##")
        let r = try Support.parse(text: "N1##S-1#2\nN2##S-2#3\n", options: options)
        #expect(r.accepted.map(\.number) == ["N1", "N2"])
        #expect(r.secrets == ["S-1#2", "S-2#3"])
    }

    @Test("--columns is checked: one secret, known roles, names for all or none")
    func columnsArgument() throws {
        #expect(try ColumnMapping.parse("note, number ,secret") == .positions([.note, .number, .secret]))
        #expect(throws: ColumnMappingError.noSecret) { try ColumnMapping.parse("number,note") }
        #expect(throws: ColumnMappingError.severalSecrets) { try ColumnMapping.parse("secret,secret") }
        #expect(throws: ColumnMappingError.unknownRole("pin")) { try ColumnMapping.parse("number,pin") }
        #expect(throws: ColumnMappingError.mixed("number")) { try ColumnMapping.parse("secret=卡密,number") }
        #expect(throws: ColumnMappingError.repeated(.number)) { try ColumnMapping.parse("number,number,secret") }
    }

    @Test("Secrets are masked in the middle", arguments: [
        ("QDVF9ZK2WQ0MVX4", "QDVF…0MVX4"), ("kaha01", "ka…01"), ("mima1", "m…1"), ("abcd", "a…"), ("", ""),
    ])
    func masking(_ pair: (String, String)) {
        #expect(SecretMask.mask(pair.0) == pair.1)
    }
}
