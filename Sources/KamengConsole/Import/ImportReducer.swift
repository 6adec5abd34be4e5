import Foundation
import KamengDomain
import KamengImport
import KamengStorage
import TerminalUI

/// The import pane's transitions. Pure: the file is read, parsed and written by effects, whose answers
/// come back as `ImportAnswer`s.
enum ImportReducer {
    /// A command while the import pane is in front and nothing captures keys.
    static func command(_ command: Command, _ state: inout ImportState, products: [Product], visibleRows: Int) -> [ConsoleEffect] {
        switch command {
        case .editPath:
            state.editing = true
            return []
        case .nextProduct, .previousProduct:
            guard !products.isEmpty, !state.isRunning else { return [] }
            let step = command == .nextProduct ? 1 : -1
            state.productIndex = ((state.productIndex + step) % products.count + products.count) % products.count
            if case .previewed = state.phase { state.phase = .idle }  // a preview is for one product
            return []
        case .activate:
            return activate(&state, products: products)
        case .cancelWork:
            guard case .importing(var run) = state.phase, !run.cancelRequested else { return [] }
            run.cancelRequested = true
            state.phase = .importing(run)
            return [.imports(.cancel)]
        case .fileOptions:
            guard !state.isRunning else { return [] }
            let path = state.path.value.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { state.editing = true; return [] }
            guard let sku = currentSKU(state, products: products) else { return [] }
            state.dialog = .options(OptionsBox(path: path, sku: sku, reason: .asked, typed: state.choices.argument))
            return []
        case .voidBatch:
            guard let batch = selectedBatch(state), !batch.voided else { return [] }
            state.dialog = .confirmVoid(batch, ConfirmDialogState())
            return []
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            moveSelection(command, &state, visibleRows: visibleRows)
            return []
        default:
            return []
        }
    }

    /// Enter: preview the typed file, or confirm the preview into the chosen product.
    private static func activate(_ state: inout ImportState, products: [Product]) -> [ConsoleEffect] {
        guard !state.isRunning else { return [] }
        let path = state.path.value.trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else { state.editing = true; return [] }
        guard let sku = currentSKU(state, products: products) else { return [] }
        if case .previewed(let result) = state.phase, result.path == path, result.sku == sku {
            guard result.outcome.accepted > 0 else { return [] }  // nothing to import: the preview says why
            state.dialog = .confirmImport(result, ConfirmDialogState())
            return []
        }
        if case .previewed(let result) = state.phase, result.path != path { state.choices = ImportChoices() }  // another file
        state.phase = .previewing(path: path, sku: sku)
        return [.imports(.preview(path: path, sku: sku, choices: state.choices))]
    }

    /// A key typed while the path field or a dialog has the keys.
    static func typed(_ key: Key, _ state: inout ImportState, products: [Product]) -> [ConsoleEffect] {
        if let dialog = state.dialog { return typedInDialog(key, dialog, &state) }
        guard state.editing else { return [] }
        switch key {
        case .enter:
            state.editing = false
            state.completions = []
            return activate(&state, products: products)
        case .escape:
            state.editing = false
            state.completions = []
            return []
        case .tab:
            return [.imports(.complete(path: state.path.value))]
        default:
            guard let next = state.path.applying(key) else { return [] }
            if next.value != state.path.value, case .previewed = state.phase { state.phase = .idle }
            state.path = next
            state.completions = []
            return []
        }
    }

    private static func typedInDialog(_ key: Key, _ dialog: ImportDialog, _ state: inout ImportState) -> [ConsoleEffect] {
        switch dialog {
        case .confirmImport(let result, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirmImport(result, focus); return [] }
            state.dialog = nil
            guard outcome == .confirmed else { return [] }
            state.phase = .importing(ImportRun(path: result.path, sku: result.sku))
            return [.imports(.run(path: result.path, sku: result.sku, force: false, choices: result.choices))]
        case .confirmReimport(let path, let sku, let batches, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirmReimport(path: path, sku: sku, batches: batches, focus); return [] }
            state.dialog = nil
            guard outcome == .confirmed else { return [] }
            state.phase = .importing(ImportRun(path: path, sku: sku))
            return [.imports(.run(path: path, sku: sku, force: true, choices: state.choices))]
        case .confirmVoid(let batch, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirmVoid(batch, focus); return [] }
            state.dialog = outcome == .confirmed ? .stepUpVoid(batch, TextFieldState()) : nil
            return []
        case .options(let box):
            return typedOptions(key, box, &state)
        case .stepUpVoid(let batch, let code):
            switch key {
            case .escape:
                state.dialog = nil
                return []
            case .enter:
                guard code.value.count == 6 else { return [] }
                state.dialog = nil
                return [.imports(.void(batch: batch.id, code: code.value))]
            case .char(let c) where !c.isASCII || !c.isNumber:
                return []  // six digits only
            case .char where code.value.count >= 6:
                return []
            default:
                if let next = code.applying(key) { state.dialog = .stepUpVoid(batch, next) }
                return []
            }
        }
    }

    /// An effect's answer.
    static func answer(_ answer: ImportAnswer, _ state: inout ImportState, visibleRows: Int) -> [ConsoleEffect] {
        switch answer {
        case .batchesLoaded(let batches):
            let keep = selectedBatch(state)?.id
            state.batchesLoading = false
            state.batches = batches
            state.batchesError = nil
            // The selection stays on the same batch when new ones arrive on top.
            if let keep, let index = batches.firstIndex(where: { $0.id == keep }) { state.selected = index }
            state.selected = min(state.selected, max(0, batches.count - 1))
            state.scrollOffset = Table.scrollOffset(selected: state.selected, previous: state.scrollOffset,
                                                    visibleRows: visibleRows, rowCount: batches.count)
            return []
        case .levelsLoaded(let levels):
            state.levels = levels
            if !levels.isEmpty { state.productIndex = min(state.productIndex, levels.count - 1) }
            return []
        case .batchesFailed(let message):
            state.batchesLoading = false
            state.batchesError = message
            return []
        case .previewed(let result):
            guard case .previewing(let path, let sku) = state.phase, path == result.path, sku == result.sku else { return [] }
            state.phase = .previewed(result)
            return []
        case .progressed(let figures):
            guard case .importing(var run) = state.phase else { return [] }
            run.figures = figures
            state.phase = .importing(run)
            return []
        case .imported(let result):
            state.phase = .finished(result)
            return [.imports(.loadBatches)]
        case .failed(let path, let message):
            guard state.isRunning else { return [] }
            state.phase = .failed(path + ": " + message)
            return []
        case .needsColumns(let path, let sku, let question):
            guard case .previewing = state.phase else { return [] }
            state.phase = .idle
            var typed = state.choices
            typed.columns = try? ColumnMapping.parse(question.suggestion)
            state.dialog = .options(OptionsBox(path: path, sku: sku, reason: .columns(question), typed: typed.argument))
            return []
        case .needsEncoding(let path, let sku):
            guard case .previewing = state.phase else { return [] }
            state.phase = .idle
            let typed = state.choices.argument
            state.dialog = .options(OptionsBox(path: path, sku: sku, reason: .encoding, typed: typed.isEmpty ? "--encoding " : typed + " --encoding "))
            return []
        case .alreadyImported(let path, let sku, let batches):
            state.phase = .idle
            state.dialog = .confirmReimport(path: path, sku: sku, batches: batches, ConfirmDialogState())
            return []
        case .cancelled(let path):
            state.phase = .cancelled(path: path)
            return []
        case .completed(let original, let completion, let candidates):
            guard state.editing, state.path.value == original else { return [] }
            state.path = TextFieldState(completion)
            state.completions = candidates
            return []
        case .voided(let batch, let keys):
            state.notice = .voided(batch: batch, keys: keys)
            return [.imports(.loadBatches)]
        case .voidFailed(let batch, let message):
            state.notice = .voidFailed(batch: batch, message: message)
            return []
        }
    }

    /// The options box: Enter previews the file with the options typed (checked first), Esc leaves it.
    private static func typedOptions(_ key: Key, _ box: OptionsBox, _ state: inout ImportState) -> [ConsoleEffect] {
        var box = box
        switch key {
        case .escape:
            state.dialog = nil
            return []
        case .enter:
            do throws(ImportChoicesError) {
                let choices = try ImportChoices.parse(box.field.value)
                state.dialog = nil
                state.choices = choices
                state.phase = .previewing(path: box.path, sku: box.sku)
                return [.imports(.preview(path: box.path, sku: box.sku, choices: choices))]
            } catch {
                box.problem = error.description
                state.dialog = .options(box)
                return []
            }
        default:
            guard let next = box.field.applying(key) else { return [] }
            box.field = next
            box.problem = nil
            state.dialog = .options(box)
            return []
        }
    }

    static func currentSKU(_ state: ImportState, products: [Product]) -> String? {
        products.isEmpty ? nil : products[min(state.productIndex, products.count - 1)].sku
    }

    static func selectedBatch(_ state: ImportState) -> BatchSummary? {
        guard let batches = state.batches, batches.indices.contains(state.selected) else { return nil }
        return batches[state.selected]
    }

    private static func moveSelection(_ command: Command, _ state: inout ImportState, visibleRows: Int) {
        ListMovement.apply(command, selected: &state.selected, scrollOffset: &state.scrollOffset,
                           count: state.batches?.count ?? 0, visibleRows: visibleRows)
    }
}
