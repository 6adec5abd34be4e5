import KamengDomain
import KamengStorage
import TerminalUI

/// Opening substations: the form (`o`) and its confirm, the secret shown once; a batch file (`O`): its
/// path, the preview, the confirm, the result. Pure: the store and the file are reached through effects.
enum SubstationsOpenReducer {
    /// A key while one of the opening boxes is in front.
    static func typed(_ key: Key, _ dialog: SubstationDialog, _ state: inout SubstationsState) -> [ConsoleEffect] {
        switch dialog {
        case .form(var form):
            return typedInForm(key, &form, &state)
        case .confirmOpen(let draft, var form, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirmOpen(draft, form, focus); return [] }
            guard outcome == .confirmed else { state.dialog = .form(form); return [] }  // back to the form, nothing lost
            form.submitting = true
            state.dialog = .form(form)
            return [.substations(.open(draft))]
        case .secret, .batchDone:
            // The secret leaves the state with the box: it is not kept anywhere once read.
            if key == .enter || key == .escape { state.dialog = nil }
            return []
        case .sheetPath(var prompt):
            return typedInPrompt(key, &prompt, &state)
        case .sheetPreview(var preview):
            guard !preview.opening else { return [] }
            guard preview.sheet.isReady else {
                // Nothing to confirm: any closing key goes back to the path, to fix the file and read it again.
                if key == .enter || key == .escape { state.dialog = .sheetPath(SheetPrompt(path: TextFieldState(preview.path))) }
                return []
            }
            guard let outcome = preview.focus.handle(key) else { state.dialog = .sheetPreview(preview); return [] }
            guard outcome == .confirmed else { state.dialog = .sheetPath(SheetPrompt(path: TextFieldState(preview.path))); return [] }
            preview.opening = true
            preview.failure = nil
            state.dialog = .sheetPreview(preview)
            return [.substations(.openBatch(path: preview.path, preview.sheet.rows.map(\.draft)))]
        case .setStatus:
            return []
        }
    }

    private static func typedInForm(_ key: Key, _ form: inout SubstationForm, _ state: inout SubstationsState) -> [ConsoleEffect] {
        guard !form.submitting else { return [] }
        switch key {
        case .escape:
            state.dialog = nil
            return []
        case .tab, .down:
            form.moveFocus(1)
        case .backTab, .up:
            form.moveFocus(-1)
        case .enter:
            switch form.check(known: KnownSubstations(state.rows?.map(\.substation) ?? [])) {
            case .success(let draft):
                form.problems = []
                state.dialog = .confirmOpen(draft, form, ConfirmDialogState())
                return []
            case .failure(let found):
                form.problems = found.list
                form.failure = nil
                if let first = found.list.first { form.focus = first.field }
            }
        default:
            _ = form.edit(key)
        }
        state.dialog = .form(form)
        return []
    }

    private static func typedInPrompt(_ key: Key, _ prompt: inout SheetPrompt, _ state: inout SubstationsState) -> [ConsoleEffect] {
        guard !prompt.reading else { return [] }
        switch key {
        case .escape:
            state.dialog = nil
            return []
        case .tab:
            return [.substations(.complete(path: prompt.path.value))]
        case .enter:
            let path = prompt.path.value.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { return [] }
            prompt.reading = true
            prompt.failure = nil
            prompt.candidates = []
            state.dialog = .sheetPath(prompt)
            return [.substations(.readSheet(path: path))]
        default:
            guard let next = prompt.path.applying(key) else { return [] }
            prompt.path = next
            prompt.candidates = []
            prompt.failure = nil
            state.dialog = .sheetPath(prompt)
            return []
        }
    }

    /// An answer about opening; nil when the answer is not one of these.
    static func answer(_ answer: SubstationsAnswer, _ state: inout SubstationsState) -> [ConsoleEffect]? {
        switch answer {
        case let .opened(draft, secret):
            state.dialog = .secret(draft, secret: secret)
            state.notice = .opened(codes: [draft.code])
            state.loading = true
            return [.substations(.load)]
        case .openFailed(let message):
            if case .form(var form)? = state.dialog {
                form.submitting = false
                form.failure = message
                state.dialog = .form(form)
            }
            return []
        case let .completed(original, completion, candidates):
            guard case .sheetPath(var prompt)? = state.dialog, !prompt.reading, prompt.path.value == original else { return [] }
            prompt.path = TextFieldState(completion)
            prompt.candidates = candidates
            state.dialog = .sheetPath(prompt)
            return []
        case let .sheetRead(path, sheet):
            guard case .sheetPath(let prompt)? = state.dialog, prompt.reading,
                  prompt.path.value.trimmingCharacters(in: .whitespaces) == path else { return [] }
            state.dialog = .sheetPreview(SheetPreview(path: path, sheet: sheet))
            return []
        case let .sheetFailed(path, message):
            guard case .sheetPath(var prompt)? = state.dialog, prompt.reading else { return [] }
            prompt.reading = false
            prompt.failure = path + ": " + message
            state.dialog = .sheetPath(prompt)
            return []
        case .batchOpened(let result):
            state.dialog = .batchDone(result)
            state.notice = .opened(codes: result.opened.map(\.code))
            state.loading = true
            return [.substations(.load)]
        case .batchFailed(let message):
            if case .sheetPreview(var preview)? = state.dialog {
                preview.opening = false
                preview.failure = message
                state.dialog = .sheetPreview(preview)
            }
            return []
        default:
            return nil
        }
    }
}
