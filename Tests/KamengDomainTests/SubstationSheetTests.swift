import Foundation
import KamengDomain
import Testing

/// Opening substations from a form or a file: commission as people write it, the template a new
/// substation takes from a selected one, and the batch file parser (every problem names its line and field).
@Suite("substation drafts and sheets")
struct SubstationSheetTests {
    static let known = KnownSubstations(codes: ["main-east", "sh-xiaoqi"], domains: ["east.kameng-demo.cn", "xiaoqi.shop-demo.cn"])

    static func problems(_ text: String) -> [String] {
        SubstationSheet.parse(text: text, known: known).problems.map { $0.explanation(chinese: false) }
    }

    // MARK: commission

    @Test("commission text → basis points", arguments: [
        ("5.5%", 550), ("5.5", 550), ("8", 800), ("12.25 %", 1_225), ("0", 0), ("100", 10_000), ("100.00%", 10_000),
        ("0.01", 1), (" 7.5％ ", 750), ("05", 500),
    ])
    func commissionReads(text: String, basisPoints: Int) {
        #expect(Commission.basisPoints(text) == basisPoints)
    }

    @Test("commission text refused", arguments: [
        "", "%", "-1", "100.01", "101", "5.555", "5.", ".5", "五", "５", "5,5", "1e2", "5%%", "0x10", "+5", "1000", " ",
    ])
    func commissionRefused(text: String) {
        #expect(Commission.basisPoints(text) == nil)
    }

    @Test("basis points → commission text reads back the same", arguments: [0, 1, 10, 99, 100, 550, 800, 1_225, 1_234, 1_205, 10_000])
    func commissionText(basisPoints: Int) {
        #expect(Commission.basisPoints(Commission.text(basisPoints)) == basisPoints)
    }

    @Test func commissionTextIsShort() {
        #expect(Commission.text(550) == "5.5%" && Commission.text(1_000) == "10%" && Commission.text(1_205) == "12.05%")
    }

    @Test("a table's commission has two decimals and reads back the same", arguments: [0, 1, 10, 99, 100, 550, 1_205, 10_000])
    func commissionFixedText(basisPoints: Int) {
        let text = Commission.fixedText(basisPoints)
        #expect(text.split(separator: ".").last?.count == 3, "\(text)")
        #expect(Commission.basisPoints(text) == basisPoints)
    }

    // MARK: template

    @Test func templateTakesParentCommissionAndDomainPattern() {
        let model = Substation(code: "sh-xiaoqi", name: "上海小琪数码", domain: "Xiaoqi.Shop-Demo.cn", commissionBasisPoints: 500, createdAt: Date())
        let template = SubstationTemplate(basedOn: model)
        #expect(template.parentCode == "sh-xiaoqi" && template.commissionBasisPoints == 500)
        #expect(template.domain(forCode: "SH_New") == "sh-new.shop-demo.cn")
        #expect(template.domain(forCode: "  ") == "")
        let none = SubstationTemplate(basedOn: nil)
        #expect(none.parentCode == nil && none.commissionBasisPoints == 0 && none.domain(forCode: "x") == "")
    }

    // MARK: one draft

    @Test func aDraftIsTrimmedAndItsDomainLowerCased() throws {
        let draft = try SubstationDraft.parse(code: " sh-new ", name: " 上海新店 ", domain: "New.Shop-Demo.CN", parent: "sh-xiaoqi",
                                              commission: "4.5%", known: Self.known).get()
        #expect(draft == SubstationDraft(code: "sh-new", name: "上海新店", domain: "new.shop-demo.cn", parentCode: "sh-xiaoqi",
                                         commissionBasisPoints: 450))
        let top = try SubstationDraft.parse(code: "top", name: "顶级", domain: "top.example.cn", parent: "", commission: "0",
                                            known: Self.known).get()
        #expect(top.parentCode == nil)
    }

    @Test func aDraftReportsEveryFieldInFieldOrder() {
        let result = SubstationDraft.parse(code: "main-east", name: "", domain: "EAST.kameng-demo.cn", parent: "nobody",
                                           commission: "120%", known: Self.known)
        guard case .failure(let found) = result else { Issue.record("accepted"); return }
        let problems = found.list
        #expect(problems == [.init(.code, .exists), .init(.name, .invalid), .init(.domain, .exists), .init(.parent, .unknownParent),
                             .init(.commission, .invalid)])
        #expect(problems[4].explanation(chinese: false) == "commission: a percentage from 0 to 100 with at most two decimals, e.g. 5.5%")
        #expect(problems[4].explanation(chinese: true) == "佣金：0–100 的百分数，最多两位小数，如 5.5%")
    }

    @Test func controlCharactersAreRefusedNotCleaned() {
        let result = SubstationDraft.parse(code: "ok", name: "店\u{1B}]0;pwned\u{07}", domain: "ok.example.cn", parent: "ok\u{202E}",
                                           commission: "1", known: Self.known)
        guard case .failure(let found) = result else { Issue.record("accepted"); return }
        let problems = found.list
        #expect(problems == [.init(.name, .controlCharacters), .init(.parent, .controlCharacters)])
    }

    @Test func aSubstationIsNotItsOwnParent() {
        let result = SubstationDraft.parse(code: "loop", name: "环", domain: "loop.example.cn", parent: "loop", commission: "1", known: Self.known)
        #expect(result == .failure(SubstationProblems([.init(.parent, .ownParent)])))
    }

    // MARK: sheets

    @Test func aCommaFileWithHeaderAndQuotes() {
        let text = #"""
            code,name,domain,parent,commission
            # 上海片区
            sh-a,"上海甲店, 24小时",a.shop-demo.cn,sh-xiaoqi,5.5%
            sh-b,"乙店 ""旗舰""",b.shop-demo.cn,sh-a,5

            top-c,顶级丙,c.example.cn,,8.25\#r
            """#
        let sheet = SubstationSheet.parse(text: text, known: Self.known)
        #expect(sheet.problems.isEmpty, "\(sheet.problems)")
        #expect(sheet.isReady)
        #expect(sheet.rows.map(\.line) == [3, 4, 6])
        #expect(sheet.rows.map(\.draft.name) == ["上海甲店, 24小时", "乙店 \"旗舰\"", "顶级丙"])
        #expect(sheet.rows[1].draft.parentCode == "sh-a", "a parent opened on an earlier line")
        #expect(sheet.rows[2].draft.parentCode == nil && sheet.rows[2].draft.commissionBasisPoints == 825)
    }

    @Test func aTabFileWithAChineseHeaderInGB18030() throws {
        let text = "代码\t名称\t域名\t上级\t佣金\nsz-d\t深圳丁店\td.shop-demo.cn\tmain-east\t6%\n"
        let data = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let sheet = SubstationSheet.parse(data, known: Self.known)
        #expect(sheet.encoding == "GB18030")
        #expect(sheet.rows.map(\.draft) == [SubstationDraft(code: "sz-d", name: "深圳丁店", domain: "d.shop-demo.cn", parentCode: "main-east",
                                                            commissionBasisPoints: 600)])
    }

    @Test func aBOMIsDropped() {
        let sheet = SubstationSheet.parse(Data([0xEF, 0xBB, 0xBF]) + Data("x1,甲,x1.example.cn,,1\n".utf8), known: Self.known)
        #expect(sheet.rows.first?.draft.code == "x1")
    }

    @Test func everyBadLineIsNamedWithItsField() {
        let text = """
            code,name,domain,parent,commission
            ok-1,好,ok1.example.cn,,5
            ok-1,重复,ok1b.example.cn,,5
            ok-2,域名重复,OK1.example.cn,,5
            sh-xiaoqi,已存在,new.example.cn,,5
            ok-3,坏佣金,ok3.example.cn,,5.555
            ok-4,少一列,ok4.example.cn,5
            ok-5,上级在后,ok5.example.cn,ok-6,5
            ok-6,后面的,ok6.example.cn,,5
            ok-7,"没闭合,ok7.example.cn,,5
            """
        #expect(Self.problems(text) == [
            "line 3, code: the same as on line 2",
            "line 4, domain: the same as on line 2",
            "line 5, code: a substation with this code exists",
            "line 6, commission: a percentage from 0 to 100 with at most two decimals, e.g. 5.5%",
            "line 7, expected 5 fields (code,name,domain,parent,commission), found 4",
            "line 8, parent: no such substation, here or on an earlier line",
            "line 10, a quote is never closed",
        ])
        let sheet = SubstationSheet.parse(text: text, known: Self.known)
        #expect(!sheet.isReady)
        #expect(sheet.rows.map(\.line) == [2, 9], "the good lines are still listed for the preview")
        #expect(sheet.problems[0].explanation(chinese: true) == "第 3 行 代码：与第 2 行重复")
    }

    @Test func aBadLineStillClaimsItsCode() {
        // Line 1 is bad (commission), line 2 names it as parent: only line 1 is reported.
        #expect(Self.problems("p,甲,p.example.cn,,abc\nc,乙,c.example.cn,p,1") == [
            "line 1, commission: a percentage from 0 to 100 with at most two decimals, e.g. 5.5%",
        ])
    }

    @Test func aWrongHeaderAnEmptyFileAndTextThatIsNotText() {
        #expect(Self.problems("code,name,parent,domain,commission\na,b,c.d,,1") == ["line 1, the header should be code,name,domain,parent,commission"])
        #expect(Self.problems("\n# nothing\n") == ["the file lists no substation"])
        #expect(Self.problems("code,name,domain,parent,commission\n") == ["the file lists no substation"])
        let garbage = SubstationSheet.parse(Data([0x61, 0x2C, 0xFF, 0xFF, 0xFF, 0x0A]), known: Self.known)
        #expect(garbage.problems.map { $0.explanation(chinese: false) } == ["the file is not UTF-8 or GB18030 text"])
        let big = SubstationSheet.parse(Data(count: SubstationSheet.maxBytes + 1), known: Self.known)
        #expect(big.problems.map(\.kind) == [.tooLarge(maxBytes: SubstationSheet.maxBytes)])
    }

    @Test func aFileOfTooManyLinesStopsAtTheLimit() {
        let lines = (1...(SubstationSheet.maxRows + 5)).map { "s\($0),店\($0),s\($0).example.cn,,1" }
        let sheet = SubstationSheet.parse(text: lines.joined(separator: "\n"), known: Self.known)
        #expect(sheet.rows.count == SubstationSheet.maxRows)
        #expect(sheet.problems.map(\.kind) == [.tooManyRows(maxRows: SubstationSheet.maxRows)])
        #expect(sheet.problems.first?.line == SubstationSheet.maxRows + 1)
    }

    @Test func escapesInAFileAreRefusedAndNeverEchoed() {
        let problems = Self.problems("e1,\u{1B}[2J店,e1.example.cn,,1\ne2\u{9B}31m,店,e2.example.cn,,1")
        #expect(problems == ["line 1, name: contains control or invisible characters", "line 2, code: contains control or invisible characters"])
        #expect(!problems.joined().unicodeScalars.contains(where: TerminalSafe.needsEscaping))
    }
}
