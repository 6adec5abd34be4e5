import Foundation
import KamengDomain
import KamengImport
import KamengStorage
import TerminalUI

/// Where the import pane's parts go in the body: the path field, the product line, a panel for the
/// preview / progress / result, and the recent batches table below. Shared with the reducer, so a page
/// of batches is exactly what is shown.
struct ImportLayout {
    var field: Rect
    var product: Rect
    var panel: Rect
    var batchesTitle: Rect
    var batches: Rect

    /// The panel is taller while a preview is shown: how the file was read and its first records need rows.
    init(body: Rect, previewing: Bool = false) {
        let (field, rest1) = body.splitTop(1)
        let (product, rest2) = rest1.splitTop(1)
        let (_, rest3) = rest2.splitTop(1)
        let panelHeight = min(previewing ? 10 : 6, max(2, rest3.height / 3))
        let (panel, rest4) = rest3.splitTop(panelHeight)
        let (title, table) = rest4.splitTop(1)
        self.field = field
        self.product = product
        self.panel = panel
        self.batchesTitle = title
        self.batches = table
    }

    var tableRows: Int { batches.height >= 3 ? batches.height - 2 : max(0, batches.height - 1) }
}

/// Draws the import pane. Every text from outside (paths, file names, reasons) goes through
/// `TerminalSafe.visible` first.
enum ImportView {
    static func render(_ state: PaneView<ImportState>, into screen: inout Screen, area: Rect) {
        let imports = state.state
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let layout = ImportLayout(body: area, previewing: imports.showsPreview)
        screen.fill(area)
        renderField(state, words, into: &screen, area: layout.field)
        renderProduct(state, words, into: &screen, area: layout.product)
        renderPanel(state, words, into: &screen, area: layout.panel)
        let title = " " + words.recentBatches + " "
        screen.write(title, at: layout.batchesTitle.origin, maxWidth: layout.batchesTitle.width, style: Style(.title, bold: true),
                     replacement: state.glyphs.replacement)
        renderBatches(state, words, into: &screen, area: layout.batches)
        if let dialog = imports.dialog { renderDialog(dialog, state, words, into: &screen, area: area) }
    }

    private static func label(_ text: String, _ state: PaneView<ImportState>, into screen: inout Screen, area: Rect) -> Rect {
        let width = 10
        let shown = TextFit.pad(" " + text, toWidth: width, ellipsis: state.glyphs.ellipsis)
        screen.write(shown, at: area.origin, maxWidth: min(width, area.width), style: Style(.header, bold: true),
                     replacement: state.glyphs.replacement)
        return Rect(x: area.x + width, y: area.y, width: max(0, area.width - width - 1), height: area.height)
    }

    private static func renderField(_ state: PaneView<ImportState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        let rest = label(words.fileLabel, state, into: &screen, area: area)
        // The value is shown as typed; control characters in it are drawn as replacements by Screen.write.
        TextField(state: state.path, placeholder: words.pathPlaceholder, focused: state.editing && state.dialog == nil,
                  glyphs: state.glyphs)
            .render(into: &screen, area: rest)
    }

    private static func renderProduct(_ state: PaneView<ImportState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        let rest = label(words.productLabel, state, into: &screen, area: area)
        let levels = state.levels ?? []
        let text: String
        if levels.isEmpty {
            text = state.levels == nil ? words.loading : words.noProducts
        } else {
            let level = levels[min(state.productIndex, levels.count - 1)]
            text = TerminalSafe.visible("\(level.product.sku)  \(level.product.name)") + "  (\(words.grouped(level.available)))  " + words.chooseProduct
        }
        screen.write(text, at: rest.origin, maxWidth: rest.width, style: Style(.accent), replacement: state.glyphs.replacement)
    }

    private static func renderPanel(_ state: PaneView<ImportState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        let inner = area.inset(dx: 1, dy: 0)
        var lines: [(String, StyleRole)] = []
        let imports = state.state
        if imports.editing, !imports.completions.isEmpty {
            lines.append((TerminalSafe.visible(words.candidates(imports.completions)), .muted))
        }
        switch imports.phase {
        case .idle:
            lines.append((words.importIdle, .muted))
        case let .previewing(path, _):
            lines.append((state.spinner + " " + TerminalSafe.visible(words.previewing(path)), .accent))
        case .previewed(let result):
            lines += previewLines(result, state, words, rows: inner.height - lines.count, width: inner.width)
        case .importing(let run):
            lines.append((TerminalSafe.visible(run.path) + " → " + run.sku, .title))
            let bar = ProgressBar(fraction: run.figures.fraction, label: words.progress(run.figures), glyphs: state.glyphs)
            let barRow = Rect(x: inner.x, y: inner.y + lines.count, width: inner.width, height: 1)
            if barRow.y < inner.maxY { bar.render(into: &screen, area: barRow) }
            lines.append(("", .normal))
            lines.append((run.cancelRequested ? words.cancelling + words.ellipsis : words.cancelHint, .muted))
        case .finished(let result):
            lines += outcomeLines(words.finishedTitle(result.outcome.batch, result.sku), result.outcome, words)
        case .cancelled(let path):
            lines.append((words.cancelledImport(TerminalSafe.visible(path)), .warn))
        case .failed(let message):
            // A refusal that asks which field is the secret comes as several lines: reason, samples, answer.
            for (k, part) in words.importFailed(message).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append((TerminalSafe.visible(String(part)), k == 0 ? .danger : .normal))
            }
        }
        if let notice = imports.notice {
            lines.append((TerminalSafe.visible(words.notice(notice)), { if case .voidFailed = notice { return .danger } else { return .ok } }()))
        }
        // Long lines wrap while the panel has room; the last row that fits is truncated with an ellipsis.
        var y = inner.y
        for (index, line) in lines.enumerated() where y < inner.maxY {
            let pieces = line.0.isEmpty ? [""] : TextFit.wrap(line.0, width: max(1, inner.width))
            for piece in pieces where y < inner.maxY {
                screen.write(TextFit.truncate(piece, toWidth: inner.width, ellipsis: state.glyphs.ellipsis),
                             at: Point(x: inner.x, y: y), maxWidth: inner.width,
                             style: Style(line.1, bold: index == 0 && line.1 == .title), replacement: state.glyphs.replacement)
                y += 1
            }
        }
    }

    /// The preview: title, how the file was read, its first records (what will be stored), the counts,
    /// rejected lines and the hint. When the panel is short, the samples and rejected lines give way
    /// first, so the counts and the hint always show.
    private static func previewLines(_ result: ImportResult, _ state: PaneView<ImportState>, _ words: Strings,
                                     rows: Int, width: Int) -> [(String, StyleRole)] {
        let outcome = result.outcome
        let title = (words.previewTitle(TerminalSafe.visible(result.path), result.sku), StyleRole.title)
        let shape = outcome.shape.map { (TerminalSafe.visible(words.shapeLine($0)), StyleRole.muted) }
        let counts = (words.counts(accepted: outcome.accepted, inFile: outcome.duplicateInFile, inStore: outcome.duplicateInStore,
                                   skipped: outcome.skipped, rejected: outcome.rejected.count), outcome.rejected.isEmpty ? StyleRole.ok : .warn)
        let hint = (outcome.accepted > 0 ? words.confirmHint : words.nothingToImport, StyleRole.accent)
        var samples = outcome.sample.map { sample in
            (TerminalSafe.visible(words.sampleLine(sample, expiry: sample.expiry.map { ConsoleClock.date($0, in: state.timeZone) })), StyleRole.normal)
        }
        var rejected = outcome.rejected.prefix(2).map { (TerminalSafe.visible(words.rejectedLine($0.line, $0.reason)), StyleRole.danger) }
        if outcome.rejected.count > 2 { rejected.append((words.moreRejected(outcome.rejected.count - 2), .muted)) }
        func height(_ lines: [(String, StyleRole)]) -> Int {
            lines.reduce(0) { $0 + max(1, TextFit.wrap($1.0, width: max(1, width)).count) }
        }
        var shown = shape
        func assemble() -> [(String, StyleRole)] { [title] + (shown.map { [$0] } ?? []) + samples + [counts] + rejected + [hint] }
        while height(assemble()) > rows && !rejected.isEmpty { rejected.removeLast() }
        while height(assemble()) > rows && !samples.isEmpty { samples.removeLast() }
        if height(assemble()) > rows { shown = nil }
        return assemble()
    }

    private static func outcomeLines(_ title: String, _ outcome: ImportOutcome, _ words: Strings) -> [(String, StyleRole)] {
        var lines: [(String, StyleRole)] = [(title, .title)]
        lines.append((words.counts(accepted: outcome.accepted, inFile: outcome.duplicateInFile, inStore: outcome.duplicateInStore,
                                   skipped: outcome.skipped, rejected: outcome.rejected.count), outcome.rejected.isEmpty ? .ok : .warn))
        for problem in outcome.rejected.prefix(2) {
            lines.append((TerminalSafe.visible(words.rejectedLine(problem.line, problem.reason)), .danger))
        }
        if outcome.rejected.count > 2 { lines.append((words.moreRejected(outcome.rejected.count - 2), .muted)) }
        return lines
    }

    private static func renderBatches(_ state: PaneView<ImportState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        let zh = state.language == .zh
        let columns = [
            Table.Column(zh ? "批次" : "Batch", minWidth: 6, weight: 0, alignment: .right),
            Table.Column(zh ? "时间" : "Imported", minWidth: 14, weight: 0),
            Table.Column(zh ? "商品" : "Product", minWidth: 10, weight: 1),
            Table.Column(zh ? "接受" : "Accepted", minWidth: 8, weight: 0, alignment: .right),
            Table.Column(zh ? "可用" : "Unsold", minWidth: 8, weight: 0, alignment: .right),
            Table.Column(zh ? "状态" : "Status", minWidth: 6, weight: 0),
            Table.Column(zh ? "文件" : "File", minWidth: 8, weight: 2, keepsEnd: true),
            Table.Column(zh ? "导入人" : "By", minWidth: 6, weight: 0),
        ]
        let batches = state.batches ?? []
        // Only the rows on screen are formatted (the list holds 200 batches, each with a time to format).
        let window = Table.window(area: area, selected: state.selected, scrollOffset: state.scrollOffset, rowCount: batches.count)
        let rows = batches[window].map { batch in
            Table.Row(["#\(batch.id)", ConsoleClock.short(batch.importedAt, in: state.timeZone, today: state.today), TerminalSafe.visible(batch.sku),
                       words.grouped(batch.accepted), words.grouped(batch.available),
                       batch.voided ? words.voidedWord : words.activeWord,
                       TerminalSafe.visible(batch.fileName), TerminalSafe.visible(batch.importedBy)],
                      role: batch.voided ? .muted : .normal)
        }
        let empty = state.batchesError.map(words.failed) ?? (state.batches == nil ? words.loading : words.noBatches)
        var table = Table(columns: columns, rows: rows, selected: rows.isEmpty ? nil : state.selected - window.lowerBound,
                          scrollOffset: 0, emptyMessage: TerminalSafe.visible(empty), glyphs: state.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
    }

    private static func renderDialog(_ dialog: ImportDialog, _ state: PaneView<ImportState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        let (title, message, confirm, focus): (String, String, String, ConfirmDialogState)
        switch dialog {
        case let .confirmImport(result, f):
            (title, message, confirm, focus) = (words.confirmImportTitle(result), words.confirmImportMessage(result), words.importButton, f)
        case let .confirmReimport(path, _, batches, f):
            (title, message, confirm, focus) = (words.confirmReimportTitle(batches), words.confirmReimportMessage(path), words.importButton, f)
        case let .confirmVoid(batch, f):
            (title, message, confirm, focus) = (words.confirmVoidTitle(batch), words.confirmVoidMessage(batch), words.voidButton, f)
        case let .stepUpVoid(batch, code):
            renderStepUp(words.confirmVoidTitle(batch), code, state, words, into: &screen, area: area)
            return
        case let .options(box):
            renderOptions(box, state, words, into: &screen, area: area)
            return
        }
        ConfirmDialog(title: TerminalSafe.visible(title), message: TerminalSafe.visible(message), confirmLabel: confirm,
                      cancelLabel: words.cancelButton, glyphs: state.glyphs)
            .render(into: &screen, area: area, state: focus)
    }

    /// The options box: why Kameng asks (which field is the secret, with the file's first lines, keys
    /// masked; or which encoding), what can be typed, and the options as on the command line.
    private static func renderOptions(_ box: OptionsBox, _ state: PaneView<ImportState>, _ words: Strings,
                                      into screen: inout Screen, area: Rect) {
        let inner = max(1, min(area.width, 96) - 4)
        func wrapped(_ text: String) -> [String] { TextFit.wrap(TerminalSafe.visible(text), width: inner) }
        var lines: [String]
        switch box.reason {
        case .asked:
            lines = [TerminalSafe.visible(words.optionsTitle(box.path))]
        case .columns(let question):
            lines = [TerminalSafe.visible(words.columnsTitle(box.path))] + wrapped(words.columnsReason(question))
            lines += question.samples.map { "  " + TerminalSafe.visible(SecretMask.printable($0)) }
        case .encoding:
            lines = [TerminalSafe.visible(words.encodingTitle(box.path))] + wrapped(words.encodingReason)
        }
        lines += wrapped(words.optionsSyntax) + [words.optionsKeys]
        if let problem = box.problem { lines += wrapped(problem) }
        PromptBox(lines: lines, field: box.field, maxWidth: 96, height: lines.count + 4)
            .render(into: &screen, area: area, glyphs: state.glyphs)
    }

    /// A box asking for the authenticator code; the digits show as dots.
    private static func renderStepUp(_ title: String, _ code: TextFieldState, _ state: PaneView<ImportState>, _ words: Strings,
                                     into screen: inout Screen, area: Rect) {
        PromptBox(lines: [TerminalSafe.visible(title), words.stepUpPrompt], field: PromptBox.masked(code), placeholder: "______",
                  maxWidth: 56, fieldWidth: 12, height: 7)
            .render(into: &screen, area: area, glyphs: state.glyphs)
    }

    /// The status line's text for this pane.
    static func status(_ state: PaneView<ImportState>) -> String {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        if let error = state.batchesError { return TerminalSafe.visible(words.failed(error)) }
        guard let batches = state.batches else { return words.loading }
        return words.importStatus(batches.count)
    }
}
