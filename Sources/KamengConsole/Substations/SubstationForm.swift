import KamengDomain
import KamengStorage
import TerminalUI

/// The form that opens one substation (`o`), prefilled from the selected one as a template: the parent
/// is the selected substation, the commission its commission, the domain its pattern with the new code
/// (following the code as it is typed, until the domain itself is edited). Staff type the code and name.
public struct SubstationForm: Sendable, Equatable {
    public var code = TextFieldState()
    public var name = TextFieldState()
    public var domain = TextFieldState()
    public var parent: TextFieldState
    public var commission: TextFieldState
    public var focus: SubstationField = .code
    public var template: SubstationTemplate
    /// The substation the form was prefilled from (code and name, for the box's title).
    public var modelCode: String?
    public var modelName: String?
    /// Once the domain is typed in, it no longer follows the code.
    public var domainEdited = false
    /// What the last Enter found wrong, field by field.
    public var problems: [SubstationProblem] = []
    /// The store's refusal of the last attempt (a duplicate opened meanwhile, no permission…).
    public var failure: String?
    /// The store is opening it: keys wait.
    public var submitting = false

    public init(model: Substation?) {
        template = SubstationTemplate(basedOn: model)
        modelCode = model?.code
        modelName = model?.name
        parent = TextFieldState(template.parentCode ?? "")
        commission = TextFieldState(model.map { Commission.text($0.commissionBasisPoints) } ?? "")
    }

    public subscript(field: SubstationField) -> TextFieldState {
        get {
            switch field {
            case .code: code
            case .name: name
            case .domain: domain
            case .parent: parent
            case .commission: commission
            }
        }
        set {
            switch field {
            case .code: code = newValue
            case .name: name = newValue
            case .domain: domain = newValue
            case .parent: parent = newValue
            case .commission: commission = newValue
            }
        }
    }

    /// Moves the focus `step` fields on, wrapping.
    mutating func moveFocus(_ step: Int) {
        let all = SubstationField.allCases, index = all.firstIndex(of: focus)!
        focus = all[((index + step) % all.count + all.count) % all.count]
    }

    /// Applies an editing key to the focused field; false when it is not an editing key.
    mutating func edit(_ key: Key) -> Bool {
        guard let next = self[focus].applying(key) else { return false }
        let changed = next.value != self[focus].value
        self[focus] = next
        guard changed else { return true }
        problems.removeAll { $0.field == focus }
        failure = nil
        if focus == .domain { domainEdited = true }
        if focus == .code, !domainEdited { domain = TextFieldState(template.domain(forCode: code.value)) }
        return true
    }

    /// Checks the five fields against the substations the pane knows of.
    func check(known: KnownSubstations) -> Result<SubstationDraft, SubstationProblems> {
        SubstationDraft.parse(code: code.value, name: name.value, domain: domain.value, parent: parent.value,
                              commission: commission.value, known: known)
    }
}

/// The `O` prompt: the batch file's path, Tab completion's candidates, and what reading it said.
public struct SheetPrompt: Sendable, Equatable {
    public var path = TextFieldState()
    public var candidates: [String] = []
    /// The file is being read and checked.
    public var reading = false
    public var failure: String?

    public init(path: TextFieldState = TextFieldState()) { self.path = path }
}

/// A batch file as read: its good lines and its problems; the confirm when there are no problems.
public struct SheetPreview: Sendable, Equatable {
    public var path: String
    public var sheet: SubstationSheet
    public var focus = ConfirmDialogState()
    /// The store is opening the batch: keys wait.
    public var opening = false
    public var failure: String?

    public init(path: String, sheet: SubstationSheet) {
        self.path = path
        self.sheet = sheet
    }
}
