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
        state.columns = nil  // a new preview starts from the file's own shape
        state.phase = .previewing(path: path, sku: sku)
        return [.imports(.preview(path: path, sku: sku))]
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
            return [.imports(.run(path: result.path, sku: result.sku, force: false, columns: result.columns))]
        case .confirmReimport(let path, let sku, let batches, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirmReimport(path: path, sku: sku, batches: batches, focus); return [] }
            state.dialog = nil
            guard outcome == .confirmed else { return [] }
            state.phase = .importing(ImportRun(path: path, sku: sku))
            return [.imports(.run(path: path, sku: sku, force: true, columns: state.columns))]
        case .confirmVoid(let batch, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirmVoid(batch, focus); return [] }
            state.dialog = outcome == .confirmed ? .stepUpVoid(batch, TextFieldState()) : nil
            return []
        case .chooseColumns(let choice):
            return typedColumns(key, choice, &state)
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
            state.dialog = .chooseColumns(ColumnChoice(path: path, sku: sku, question: question))
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

    /// The column question: Enter previews the file with the columns typed (checked first), Esc leaves it.
    private static func typedColumns(_ key: Key, _ choice: ColumnChoice, _ state: inout ImportState) -> [ConsoleEffect] {
        var choice = choice
        switch key {
        case .escape:
            state.dialog = nil
            return []
        case .enter:
            do throws(ColumnMappingError) {
                let columns = try ColumnMapping.parse(choice.field.value)
                state.dialog = nil
                state.columns = columns
                state.phase = .previewing(path: choice.path, sku: choice.sku)
                return [.imports(.preview(path: choice.path, sku: choice.sku, columns: columns))]
            } catch {
                choice.problem = error.description
                state.dialog = .chooseColumns(choice)
                return []
            }
        default:
            guard let next = choice.field.applying(key) else { return [] }
            choice.field = next
            choice.problem = nil
            state.dialog = .chooseColumns(choice)
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
