import KamengDomain
import KamengStorage
import TerminalUI

/// Draws the boxes of opening substations over the pane. Everything typed or read from a file passes
/// through `TerminalSafe.visible` (the drafts are checked already; this is the boundary all the same).
enum SubstationsOpenView {
    static func render(_ dialog: SubstationDialog, _ state: PaneView<SubstationsState>, into screen: inout Screen, area: Rect) {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let zh = state.language == .zh
        let safe = TerminalSafe.visible
        switch dialog {
        case .setStatus:
            return
        case .form(let form):
            var lines: [PanelDialog.Line] = SubstationField.allCases.map { field in
                .field(label: field.title(chinese: zh), form[field], focused: field == form.focus && !form.submitting,
                       placeholder: words.placeholder(field))
            }
            lines.append(.blank)
            lines += form.problems.map { .text(safe($0.explanation(chinese: zh)), .danger) }
            if let failure = form.failure { lines.append(.text(safe(words.openFailed(failure)), .danger)) }
            if form.submitting { lines.append(.text(words.opening, .accent)) }
            if form.problems.isEmpty, form.failure == nil, !form.submitting { lines.append(.text(words.formHint, .muted)) }
            PanelDialog(title: safe(words.formTitle(modelCode: form.modelCode, modelName: form.modelName)), lines: lines, buttons: [],
                        maxWidth: 72, labelWidth: zh ? 6 : 12)
                .render(into: &screen, area: area, glyphs: state.glyphs)
        case let .confirmOpen(draft, _, focus):
            ConfirmDialog(title: safe(words.confirmOpenTitle(draft)), message: safe(words.confirmOpenMessage(draft)),
                          confirmLabel: words.openButton, cancelLabel: words.cancelButton, glyphs: state.glyphs, maxWidth: 68)
                .render(into: &screen, area: area, state: focus)
        case let .secret(draft, secret):
            PanelDialog(title: safe(words.openedTitle(draft)), lines: [
                .text(words.secretOnce, .warn), .text(safe(secret), .accent), .blank, .text(safe(words.secretAdvice(draft.code)), .muted),
            ], buttons: [(words.savedButton, true)]).render(into: &screen, area: area, glyphs: state.glyphs)
        case .sheetPath(let prompt):
            var lines: [PanelDialog.Line] = [
                .text(words.sheetFormat, .muted), .blank,
                .field(label: words.fileLabelShort, prompt.path, focused: !prompt.reading, placeholder: "~/substations.csv"),
            ]
            if !prompt.candidates.isEmpty { lines.append(.text(safe(words.candidates(prompt.candidates)), .muted)) }
            if prompt.reading { lines.append(.text(words.reading, .accent)) }
            if let failure = prompt.failure { lines.append(.text(safe(failure), .danger)) }
            PanelDialog(title: words.sheetTitle, lines: lines, buttons: [], labelWidth: 6)
                .render(into: &screen, area: area, glyphs: state.glyphs)
        case .sheetPreview(let preview):
            renderPreview(preview, words, zh: zh, state, into: &screen, area: area)
        case .batchDone(let result):
            var lines: [PanelDialog.Line] = [.text(safe(words.secretsWritten(result.secretsPath)), .warn), .text(words.secretsFileAdvice, .muted)]
            if let problem = result.secretsProblem { lines.append(.text(safe(problem), .danger)) }
            lines.append(.blank)
            lines += result.opened.map { .text(safe("\($0.code)  \($0.name)  \($0.domain)"), .normal) }
            PanelDialog(title: words.batchDoneTitle(result), lines: lines, buttons: [(words.okButton, true)])
                .render(into: &screen, area: area, glyphs: state.glyphs)
        }
    }

    private static func renderPreview(_ preview: SheetPreview, _ words: Strings, zh: Bool, _ state: PaneView<SubstationsState>,
                                      into screen: inout Screen, area: Rect) {
        let safe = TerminalSafe.visible
        let sheet = preview.sheet
        var lines: [PanelDialog.Line] = [.text(words.sheetSummary(sheet), sheet.isReady ? .ok : .warn)]
        lines += sheet.problems.map { .text(safe($0.explanation(chinese: zh)), .danger) }
        lines.append(.text(sheet.isReady ? words.sheetReadyAdvice : words.sheetFixFirst, .muted))
        if preview.opening { lines.append(.text(words.opening, .accent)) }
        if let failure = preview.failure { lines.append(.text(safe(words.openFailed(failure)), .danger)) }
        if !sheet.rows.isEmpty { lines.append(.blank) }
        lines += sheet.rows.map { .text(safe(words.sheetRow($0)), .normal) }
        let buttons: [(label: String, focused: Bool)] = sheet.isReady
            ? [(words.cancelButton, preview.focus.focus == .cancel), (words.openCount(sheet.rows.count), preview.focus.focus == .confirm)]
            : [(words.backButton, true)]
        PanelDialog(title: safe(words.sheetPreviewTitle(preview.path)), lines: lines, buttons: buttons)
            .render(into: &screen, area: area, glyphs: state.glyphs)
    }
}
