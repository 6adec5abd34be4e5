import Foundation
import Testing
@testable import KamengImport

/// Files in the shapes other faka systems write (Docs/Import.md, "Known shapes"): for every line,
/// which text became the number, the secret, the expiry and the note.
@Suite struct KnownShapeTests {
    typealias Row = (number: String?, secret: String, note: String?)

    static func rows(_ r: Support.Result) -> [String] {
        r.accepted.map { "\($0.number ?? "-") | \($0.secret) | \($0.note ?? "-")" }
    }

    /// Every line's number, secret and note as given, and no expiry (the shapes with an expiry check it apart).
    static func expect(_ r: Support.Result, _ rows: [Row], expiries: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        let want = rows.map { "\($0.number ?? "-") | \($0.secret) | \($0.note ?? "-")" }
        #expect(Self.rows(r) == want, sourceLocation: sourceLocation)
        #expect(r.rejected.isEmpty, "rejected: \(r.rejected)", sourceLocation: sourceLocation)
        if !expiries { #expect(r.accepted.allSatisfy { $0.expiry == nil }, "no line has an expiry", sourceLocation: sourceLocation) }
    }

    @Test("acg-faka: the key first, preview, markup and cost into the note; 账号:x--密码:y as number and secret")
    func acgFaka() throws {
        let r = try Support.parse(text: """
            QDVF9ZK2WQ0MVX4║地区:美区·时长:12个月║0.50║30.00
            HJK3-88QP-ZZ12║地区:日区·时长:1个月║0║12
            ABCD-EFGH-IJKL║║0║0
            账号:steam_user01--密码:Pa55word!║地区:港区·有效期:30天║1║20
            PLAINKEY0001
            """)
        Self.expect(r, [
            (nil, "QDVF9ZK2WQ0MVX4", "地区:美区·时长:12个月; 0.50; 30.00"),
            (nil, "HJK3-88QP-ZZ12", "地区:日区·时长:1个月; 0; 12"),
            (nil, "ABCD-EFGH-IJKL", "0; 0"),
            ("steam_user01", "Pa55word!", "地区:港区·有效期:30天; 1; 20"),
            (nil, "PLAINKEY0001", nil),
        ])
    }

    @Test("acg-faka: 24 keys that share one preview are 24 keys, not one key and 23 duplicates")
    func acgFakaSharedPreview() throws {
        let keys = (1...24).map { String(format: "NFLX-%04d-QZ7T-%04d", $0, $0 * 7) }
        let r = try Support.parse(text: keys.map { "\($0)║地区:美区·时长:12个月║0║25" }.joined(separator: "\n"))
        #expect(r.secrets == keys)
        #expect(Set(r.secrets).count == 24)
    }

    @Test("`NUMBER║SECRET` (both key-like) stays a number and a secret")
    func boxBarNumberSecret() throws {
        let r = try Support.parse(text: "526018159083║CF54ERF5DHQD3DQC\n824628194821║NZGEDP95W77ZVRMR\n")
        Self.expect(r, [("526018159083", "CF54ERF5DHQD3DQC", nil), ("824628194821", "NZGEDP95W77ZVRMR", nil)])
    }

    @Test("dujiao-next's CSV export: the secret column; id, status and times are dropped, never number or expiry")
    func dujiaoNext() throws {
        let r = try Support.parse(text: """
            id,product_id,sku_id,secret,status,batch_id,created_at,updated_at
            1,3,0,AAAA-BBBB-CCCC-0001,available,7,2025-01-02 10:00:00,2025-01-02 10:00:00
            2,3,0,AAAA-BBBB-CCCC-0002,available,7,2025-01-02 10:00:01,2025-01-02 10:00:01
            """, name: "cards.csv")
        Self.expect(r, [(nil, "AAAA-BBBB-CCCC-0001", nil), (nil, "AAAA-BBBB-CCCC-0002", nil)])
        #expect(r.accepted.allSatisfy { $0.expiry == nil })
        #expect(r.summary.skippedHeader == 1)
    }

    @Test("dujiaoka's carmis table (carmi, info, is_loop)")
    func dujiaoka() throws {
        let r = try Support.parse(text: """
            id,goods_id,status,is_loop,carmi,info,created_at,updated_at,deleted_at
            11,2,1,0,XBOX-GP-1MONTH-Q2W3E4,月卡,2024-05-01 08:00:00,2024-05-01 08:00:00,
            """, name: "carmis.csv")
        Self.expect(r, [(nil, "XBOX-GP-1MONTH-Q2W3E4", "info: 月卡")])
    }

    @Test("kamiFaka `账号------密码-----` and qs-faka `_____`, `|`, `----` and the full-width comma")
    func kamiFakaAndQsFaka() throws {
        let r = try Support.parse(text: """
            user01------pw01AAAA-----
            18800001111_____QSK-9981-ZZ
            18800002222|QSK-9982-ZZ
            18800003333----QSK-9983-ZZ
            18800004444，QSK-9984-ZZ
            """)
        Self.expect(r, [
            ("user01", "pw01AAAA", nil), ("18800001111", "QSK-9981-ZZ", nil), ("18800002222", "QSK-9982-ZZ", nil),
            ("18800003333", "QSK-9983-ZZ", nil), ("18800004444", "QSK-9984-ZZ", nil),
        ])
    }

    @Test("A full-width comma in a GBK file separates number and secret")
    func fullWidthCommaGBK() throws {
        let url = try Support.write(Support.encode("卡号，卡密\n20250001，GBK-KEY-0001\n20250002，GBK-KEY-0002\n", to: "GBK"), name: "gbk.txt")
        let r = try Support.parse(url)
        Self.expect(r, [("20250001", "GBK-KEY-0001", nil), ("20250002", "GBK-KEY-0002", nil)])
        #expect(r.summary.encoding == .gb18030)
    }

    @Test("ArchiSteamFarm .keys: the key is the last tab field, the game's name the note, fields between ignored")
    func archiSteamFarm() throws {
        let r = try Support.parse(text: """
            Portal 2\tAAAAA-BBBBB-CCCCC
            Half-Life 2: Episode One\tDDDDD-EEEEE-FFFFF
            Bundle\tExtra\tGGGGG-HHHHH-IIIII
            JJJJJ-KKKKK-LLLLL
            """, name: "games.keys")
        Self.expect(r, [
            (nil, "AAAAA-BBBBB-CCCCC", "Portal 2"), (nil, "DDDDD-EEEEE-FFFFF", "Half-Life 2: Episode One"),
            (nil, "GGGGG-HHHHH-IIIII", "Bundle"), (nil, "JJJJJ-KKKKK-LLLLL", nil),
        ])
    }

    @Test("Header words in simplified and traditional Chinese and English", arguments: [
        "卡号,卡密,有效期,备注", "卡號,密碼,有效期,備註", "card_number,secret,expiry,note", "account,password,expires,note",
        "帳號,兌換碼,到期時間,說明",
    ])
    func headerWords(_ header: String) throws {
        let r = try Support.parse(text: "\(header)\nN-0001,K-0001-XYZ,2027-01-31,批次A\n", name: "k.csv")
        let noteLabel = header.split(separator: ",").last!
        Self.expect(r, [("N-0001", "K-0001-XYZ", "\(noteLabel): 批次A")], expiries: true)
        #expect(r.accepted.first?.expiry != nil)
    }

    @Test("Labels without colons and values without digits are pairs, not a header with unknown names")
    func pairsWithoutDigits() throws {
        let r = try Support.parse(text: "账号 alice 密码 wonderland\n账号 bob 密码 builder\n")
        Self.expect(r, [("alice", "wonderland", nil), ("bob", "builder", nil)])
        #expect(r.summary.skippedHeader == 0)
    }

    @Test("Labelled pairs: labels Kameng does not know go to the note, never into the secret")
    func unknownLabels() throws {
        let r = try Support.parse(text: """
            卡密:3f2b8c1e-9a4d-4f6b-8e2a-1c5d7f9b0a11 额度:0 有效期:1小时 卡头:5236xx
            卡號:8800123 密碼:TW-KEY-0099 備註:台灣區
            """)
        Self.expect(r, [
            (nil, "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7f9b0a11", "额度: 0; 有效期: 1小时; 卡头: 5236xx"),
            ("8800123", "TW-KEY-0099", "備註: 台灣區"),
        ])
    }
}

/// The preview's account of how a file was read, and its masked first records.
@Suite struct PreviewShapeTests {
    @Test("Shape: container, encoding, separator, header and columns as the first content line was read", arguments: [
        ("acg.txt", "QDVF9ZK2WQ0MVX4║地区:美区║0║30\n", "text", "║", nil, ["secret", "note", "note", "note"]),
        ("k.csv", "卡号,卡密,有效期,面值\n1,K-1,2027-01-01,100\n", "csv", ",", ["卡号", "卡密", "有效期", "面值"], ["number", "secret", "expiry", "note"]),
        ("k.txt", "1001----K-0001----2027-01-01----100元\n", "text", "----", nil, ["number", "secret", "expiry", "note"]),
        ("k.txt", "卡号:1001 密码:K-0001\n", "text", "labels", nil, []),
        ("games.keys", "Portal 2\tAAAAA-BBBBB-CCCCC\n", "text", "tab", nil, ["note", "secret"]),
        ("k.txt", "ONLYSECRET01\n", "text", nil, nil, ["secret"]),
    ] as [(String, String, String, String?, [String]?, [String])])
    func shape(_ c: (String, String, String, String?, [String]?, [String])) throws {
        let r = try Support.parse(text: c.1, name: c.0)
        #expect(r.summary.shape == ImportShape(container: c.2, encoding: "utf-8", separator: c.3, header: c.4, columns: c.5))
    }

    @Test("The sample is the first three accepted records, secrets masked, numbers and notes as read")
    func sample() throws {
        let r = try Support.parse(text: "# comment\n1001----QDVF9ZK2WQ0MVX4----50元\n1002----\u{7}BAD\n1003----ABCDEFGH\n1004----XYZW12345678\n1005----LATE0000KEY\n")
        #expect(r.summary.sample.map(\.line) == [2, 4, 5])
        #expect(r.summary.sample.map(\.secret) == ["QDVF…0MVX4", "AB…GH", "XYZW…45678"])
        #expect(r.summary.sample.map(\.number) == ["1001", "1003", "1004"])
        #expect(r.summary.sample.first?.note == "50元")
        #expect(!r.summary.sample.contains { $0.secret.contains("QDVF9ZK2WQ0MVX4") })
    }
}
