import Foundation
@testable import KamengConsole
import KamengDomain
import KamengImport
import KamengStorage
import TerminalUI
import Testing

/// The import pane without a database: the reducer's flow (path → preview → confirm → progress →
/// result), the dialogs' focus on Cancel, and golden screens with Chinese names.
@Suite("import pane")
struct ImportPaneTests {
    static let levels = [Fixture.stock("QQ-COIN-10", "腾讯Q币10元", available: 1_234, threshold: 100),
                         Fixture.stock("IQIYI-YEAR", Fixture.longName, available: 5, threshold: 50)]
    static let batches = [
        BatchSummary(id: 12, sku: "QQ-COIN-10", fileName: "供货商_腾讯Q币_2026年11月第三批_超长的文件名称用于测试截断.txt",
                     importedAt: Fixture.newest, importedBy: "ops-li", accepted: 10_000, duplicates: 3, rejected: 2,
                     available: 9_120, voided: false),
        BatchSummary(id: 11, sku: "IQIYI-YEAR", fileName: "iqiyi.csv", importedAt: Fixture.newest.addingTimeInterval(-86_400),
                     importedBy: "ops-wang", accepted: 500, duplicates: 0, rejected: 0, available: 0, voided: true),
    ]
    static let outcome: ImportOutcome = {
        var o = ImportOutcome(batch: nil, accepted: 98, duplicateInFile: 1, duplicateInStore: 0, skipped: 2,
                              rejected: [LineProblem(line: 7, reason: "secret: contains a control character"),
                                         LineProblem(line: 12, reason: "number: over 64 characters"),
                                         LineProblem(line: 40, reason: "no separator found")],
                              duplicates: [], dryRun: true)
        // How the file was read and its first records, secrets masked by the parser: a long product
        // note and Chinese text in every sample, so wrapping and wide characters are in the golden.
        o.shape = ImportShape(container: "csv", encoding: "gb18030", separator: ",", header: ["卡号", "卡密", "有效期", "面值"],
                              columns: ["number", "secret", "expiry", "note"])
        o.sample = [
            ImportSample(line: 2, number: "2761125651", secret: "6CCJ…9ULQE", expiry: Date(timeIntervalSince1970: 1_830_268_799), note: "面值: 100"),
            ImportSample(line: 3, number: "5942594724", secret: "8PSR…SHDZ6", expiry: nil,
                         note: "面值: 100; 腾讯Q币十元面值充值卡（华南区·限时活动专供·请勿转售）附赠说明文字很长很长用于测试换行"),
            ImportSample(line: 4, number: nil, secret: "ZK…54", expiry: nil, note: nil),
        ]
        return o
    }()

    static func state(width: Int = 120, height: Int = 40, language: UILanguage = .zh) -> ConsoleState {
        var state = Fixture.state(rows: Fixture.orders(0..<3), width: width, height: height, language: language)
        _ = reduce(&state, .stockLoaded(levels))
        _ = reduce(&state, .imports(.batchesLoaded(batches)))
        _ = reduce(&state, .imports(.levelsLoaded(levels)))
        _ = reduce(&state, .command(.showImports))
        return state
    }

    static func type(_ text: String, into state: inout ConsoleState) {
        for character in text { _ = reduce(&state, .typed(.char(character))) }
    }

    @Test func typingAPathAndEnterPreviewsItWithTheChosenProduct() {
        var state = Self.state()
        #expect(state.command(for: .char("e")) == .editPath)
        _ = reduce(&state, .command(.editPath))
        #expect(state.capturesKeys)
        Self.type("keys/q币.txt", into: &state)
        _ = reduce(&state, .command(.quit))  // a command is not a key: typing "q" must go to the field instead
        #expect(state.quitRequested)
        state.quitRequested = false
        _ = reduce(&state, .typed(.char("q")))
        #expect(state.imports.path.value == "keys/q币.txtq")
        _ = reduce(&state, .typed(.backspace))
        let effects = reduce(&state, .typed(.enter))
        #expect(effects == [.imports(.preview(path: "keys/q币.txt", sku: "QQ-COIN-10"))])
        #expect(!state.imports.editing)
        #expect(state.imports.phase == .previewing(path: "keys/q币.txt", sku: "QQ-COIN-10"))
    }

    @Test func confirmingAPreviewAsksFirstWithFocusOnCancel() {
        var state = Self.state()
        _ = reduce(&state, .command(.editPath))
        Self.type("a.txt", into: &state)
        _ = reduce(&state, .typed(.enter))
        let result = ImportResult(path: "a.txt", sku: "QQ-COIN-10", outcome: Self.outcome)
        _ = reduce(&state, .imports(.previewed(result)))
        #expect(reduce(&state, .command(.activate)).isEmpty)
        guard case .confirmImport(_, let focus)? = state.imports.dialog else { Issue.record("no dialog"); return }
        #expect(focus.focus == .cancel)
        // Enter out of habit cancels.
        #expect(reduce(&state, .typed(.enter)).isEmpty)
        #expect(state.imports.dialog == nil)
        _ = reduce(&state, .command(.activate))
        _ = reduce(&state, .typed(.right))
        let effects = reduce(&state, .typed(.enter))
        #expect(effects == [.imports(.run(path: "a.txt", sku: "QQ-COIN-10", force: false))])
        #expect(state.isLoading)
    }

    static let question = ShapeQuestion(why: .numberLooksLikeProse(field: 1), samples: ["德玛西亚一区 ka…01  m…1", "艾欧尼亚 ka…02  m…2"],
                                        suggestion: "note,number,secret", firstLine: 1)

    @Test func whenKamengAsksTheColumnsAreChosenInThePaneAndTheImportUsesThem() {
        var state = Self.state()
        _ = reduce(&state, .command(.editPath))
        Self.type("region.txt", into: &state)
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .imports(.needsColumns(path: "region.txt", sku: "QQ-COIN-10", question: Self.question)))
        guard case .options(let box)? = state.imports.dialog else { Issue.record("no column question"); return }
        #expect(box.field.value == "--columns note,number,secret", "prefilled with Kameng's reading")
        Golden.check(render(state, width: 120, height: 40), "import-columns-120x40-zh")
        // A wrong answer is explained in the box and previews nothing.
        for _ in 0..<6 { _ = reduce(&state, .typed(.backspace)) }
        Self.type("pin", into: &state)
        #expect(reduce(&state, .typed(.enter)).isEmpty)
        guard case .options(let wrong)? = state.imports.dialog else { Issue.record("the box closed"); return }
        #expect(wrong.problem == ImportChoicesError.columns(.unknownRole("pin")).description)
        for _ in 0..<3 { _ = reduce(&state, .typed(.backspace)) }
        Self.type("secret", into: &state)
        let choices = ImportChoices(columns: .positions([.note, .number, .secret]))
        #expect(reduce(&state, .typed(.enter)) == [.imports(.preview(path: "region.txt", sku: "QQ-COIN-10", choices: choices))])
        #expect(state.imports.dialog == nil && state.imports.phase == .previewing(path: "region.txt", sku: "QQ-COIN-10"))
        _ = reduce(&state, .imports(.previewed(ImportResult(path: "region.txt", sku: "QQ-COIN-10", outcome: Self.outcome, choices: choices))))
        _ = reduce(&state, .command(.activate))
        _ = reduce(&state, .typed(.right))
        #expect(reduce(&state, .typed(.enter)) == [.imports(.run(path: "region.txt", sku: "QQ-COIN-10", force: false, choices: choices))])
    }

    @Test func theShapeLineNamesSeparatorsInThePersonsLanguage() {
        let shape = ImportShape(container: "text", encoding: "big5", separator: "spaces", header: nil, columns: ["note", "number", "secret"])
        #expect(Strings(language: .zh, ellipsis: "…").shapeLine(shape) == "读取为 文本 · big5 · 分隔符 空格 · 列 备注,卡号,卡密")
        #expect(Strings(language: .en, ellipsis: "…").shapeLine(shape) == "read as text · big5 · separator spaces · columns note,number,secret")
    }

    @Test func escapeLeavesTheColumnQuestionWithNothingPreviewed() {
        var state = Self.state(language: .en)
        _ = reduce(&state, .command(.editPath))
        Self.type("region.txt", into: &state)
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .imports(.needsColumns(path: "region.txt", sku: "QQ-COIN-10", question: Self.question)))
        Golden.check(render(state, width: 80, height: 24), "import-columns-80x24-en")
        #expect(reduce(&state, .typed(.escape)).isEmpty)
        #expect(state.imports.dialog == nil && state.imports.phase == .idle)
    }

    @Test func anUnclearEncodingIsAskedForAndOOpensTheOptionsAnyTime() throws {
        var state = Self.state()
        _ = reduce(&state, .command(.editPath))
        Self.type("繁體.txt", into: &state)
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .imports(.needsEncoding(path: "繁體.txt", sku: "QQ-COIN-10")))
        guard case .options(let box)? = state.imports.dialog else { Issue.record("no encoding question"); return }
        #expect(box.reason == .encoding && box.field.value == "--encoding ")
        Self.type("big5", into: &state)
        let big5 = ImportChoices(encoding: .big5)
        #expect(reduce(&state, .typed(.enter)) == [.imports(.preview(path: "繁體.txt", sku: "QQ-COIN-10", choices: big5))])
        _ = reduce(&state, .imports(.previewed(ImportResult(path: "繁體.txt", sku: "QQ-COIN-10", outcome: Self.outcome, choices: big5))))
        // `o` reopens the options as they stand; a separator added there is kept with the encoding.
        _ = reduce(&state, .command(.fileOptions))
        guard case .options(let again)? = state.imports.dialog else { Issue.record("o opened nothing"); return }
        #expect(again.reason == .asked && again.field.value == "--encoding big5")
        Self.type(" --separator ##", into: &state)
        Golden.check(render(state, width: 120, height: 40), "import-options-120x40-zh")
        let both = ImportChoices(separator: Array("##".utf8), encoding: .big5)
        #expect(reduce(&state, .typed(.enter)) == [.imports(.preview(path: "繁體.txt", sku: "QQ-COIN-10", choices: both))])
        #expect(try ImportChoices.parse("--encoding big5 --separator ##") == both)
        #expect(both.argument == "--separator ## --encoding big5")
        #expect(throws: ImportChoicesError.unknownEncoding("latin1")) { try ImportChoices.parse("--encoding latin1") }
        #expect(throws: ImportChoicesError.unknownWord("columns")) { try ImportChoices.parse("columns secret") }
        #expect(throws: ImportChoicesError.missingValue("--separator")) { try ImportChoices.parse("--separator") }
    }

    @Test func progressCancelAndResult() {
        var state = Self.state()
        state.imports.phase = .importing(ImportRun(path: "a.txt", sku: "QQ-COIN-10"))
        _ = reduce(&state, .imports(.progressed(ImportFigures(bytesRead: 500, totalBytes: 1_000, records: 50_000, elapsedSeconds: 2))))
        guard case .importing(let run) = state.imports.phase else { Issue.record("not importing"); return }
        #expect(run.figures.recordsPerSecond == 25_000)
        #expect(run.figures.secondsLeft == 2)
        #expect(reduce(&state, .command(.cancelWork)) == [.imports(.cancel)])
        #expect(reduce(&state, .command(.cancelWork)).isEmpty, "asked once")
        _ = reduce(&state, .imports(.cancelled(path: "a.txt")))
        #expect(state.imports.phase == .cancelled(path: "a.txt"))
        #expect(!state.isLoading)
    }

    @Test func anAlreadyImportedFileAsksBeforeForcing() {
        var state = Self.state()
        state.imports.phase = .importing(ImportRun(path: "a.txt", sku: "QQ-COIN-10"))
        _ = reduce(&state, .imports(.alreadyImported(path: "a.txt", sku: "QQ-COIN-10", batches: [12])))
        _ = reduce(&state, .typed(.tab))
        #expect(reduce(&state, .typed(.enter)) == [.imports(.run(path: "a.txt", sku: "QQ-COIN-10", force: true))])
    }

    @Test func voidingABatchNamesItAndNeedsConfirm() {
        var state = Self.state()
        _ = reduce(&state, .command(.voidBatch))
        guard case .confirmVoid(let batch, _)? = state.imports.dialog else { Issue.record("no dialog"); return }
        #expect(batch.id == 12)
        _ = reduce(&state, .typed(.escape))
        #expect(state.imports.dialog == nil)
        _ = reduce(&state, .command(.moveDown))
        #expect(reduce(&state, .command(.voidBatch)).isEmpty && state.imports.dialog == nil, "a voided batch cannot be voided again")
        _ = reduce(&state, .command(.moveUp))
        _ = reduce(&state, .command(.voidBatch))
        _ = reduce(&state, .typed(.left))
        #expect(reduce(&state, .typed(.enter)).isEmpty, "confirming asks for the authenticator code next")
        guard case .stepUpVoid? = state.imports.dialog else { Issue.record("no step-up box"); return }
        for key in [Key.char("1"), .char("2"), .char("x"), .char("3"), .char("4"), .char("5")] { _ = reduce(&state, .typed(key)) }
        #expect(reduce(&state, .typed(.enter)).isEmpty, "five digits are not a code")
        _ = reduce(&state, .typed(.char("6")))
        _ = reduce(&state, .typed(.char("7")))
        Golden.check(render(state, width: 80, height: 24), "import-stepup-80x24-zh")
        #expect(reduce(&state, .typed(.enter)) == [.imports(.void(batch: 12, code: "123456"))])
        #expect(reduce(&state, .imports(.voided(batch: 12, keys: 9_120))) == [.imports(.loadBatches)])
    }

    @Test func tabCompletionOnlyLandsOnTheTextItWasAskedFor() {
        var state = Self.state()
        _ = reduce(&state, .command(.editPath))
        Self.type("sam", into: &state)
        #expect(reduce(&state, .typed(.tab)) == [.imports(.complete(path: "sam"))])
        _ = reduce(&state, .imports(.completed(original: "sam", completion: "samples/", candidates: [])))
        #expect(state.imports.path.value == "samples/")
        _ = reduce(&state, .imports(.completed(original: "sam", completion: "wrong", candidates: [])))
        #expect(state.imports.path.value == "samples/")
    }

    @Test func pathCompletionIsTheLongestCommonPrefix() {
        #expect(PathCompletion.complete("s", entries: ["samples/", "steam.csv", ".secret"]) == ("s", ["samples/", "steam.csv"]))
        #expect(PathCompletion.complete("dir/sa", entries: ["samples/", "sample.txt"]) == ("dir/sample", ["sample.txt", "samples/"]))
        #expect(PathCompletion.complete("x", entries: ["samples/"]) == ("x", []))
        #expect(PathCompletion.complete("st", entries: ["steam.csv"]) == ("steam.csv", []))
    }

    @Test func goldenScreens() {
        var state = Self.state()
        Golden.check(render(state, width: 120, height: 40), "import-idle-120x40-zh")
        _ = reduce(&state, .command(.editPath))
        Self.type("~/供货商/腾讯Q币.txt", into: &state)
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .imports(.previewed(ImportResult(path: "~/供货商/腾讯Q币.txt", sku: "QQ-COIN-10", outcome: Self.outcome))))
        Golden.check(render(state, width: 120, height: 40), "import-preview-120x40-zh")
        var small = state
        _ = reduce(&small, .resized(width: 80, height: 24))
        Golden.check(render(small, width: 80, height: 24), "import-preview-80x24-zh")
        var previewEN = Self.state(language: .en)
        _ = reduce(&previewEN, .command(.editPath))
        Self.type("~/suppliers/qq-coins.csv", into: &previewEN)
        _ = reduce(&previewEN, .typed(.enter))
        _ = reduce(&previewEN, .imports(.previewed(ImportResult(path: "~/suppliers/qq-coins.csv", sku: "QQ-COIN-10", outcome: Self.outcome))))
        Golden.check(render(previewEN, width: 120, height: 40), "import-preview-120x40-en")
        _ = reduce(&state, .command(.activate))
        Golden.check(render(state, width: 60, height: 20), "import-confirm-60x20-zh")
        _ = reduce(&state, .typed(.right))
        _ = reduce(&state, .typed(.enter))
        _ = reduce(&state, .imports(.progressed(ImportFigures(bytesRead: 420, totalBytes: 1_000, records: 42_000, elapsedSeconds: 1.5))))
        Golden.check(render(state, width: 120, height: 40), "import-progress-120x40-zh")

        var english = Self.state(width: 60, height: 20, language: .en)
        english.glyphs = .ascii
        Golden.check(render(english, width: 60, height: 20), "import-idle-60x20-en-ascii")
    }
}

@Suite("quitting while an import runs")
struct QuitWhileImportingTests {
    @Test func qAsksFirstAndQuittingCancelsTheImport() {
        var state = ImportPaneTests.state()
        state.imports.phase = .importing(ImportRun(path: "a.txt", sku: "QQ-COIN-10"))
        #expect(reduce(&state, .command(.quit)).isEmpty)
        #expect(!state.quitRequested && state.quitDialog?.focus == .cancel && state.capturesKeys)
        _ = reduce(&state, .typed(.enter))
        #expect(!state.quitRequested && state.quitDialog == nil, "Enter on Cancel keeps the import running")
        _ = reduce(&state, .command(.quit))
        _ = reduce(&state, .typed(.tab))
        #expect(reduce(&state, .typed(.enter)) == [.imports(.cancel), .quit])
        #expect(state.quitRequested)
        var idle = ImportPaneTests.state()
        #expect(reduce(&idle, .command(.quit)) == [.quit], "nothing running: q quits at once")
    }
}
