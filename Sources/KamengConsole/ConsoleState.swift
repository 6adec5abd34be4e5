import Foundation
import KamengDomain
import TerminalUI

/// The whole console: which pane is in front, each pane's state, overlays, and the presentation choices
/// made at start (language, glyphs, time zone). A value: reduce changes it, render only reads it.
public struct ConsoleState: Sendable {
    public var pane: Pane = .orders
    public var language: UILanguage
    public var glyphs: Glyphs
    /// Order times are stored in UTC and shown in this zone.
    public var timeZone: TimeZone
    public var keymaps: ConsoleKeymaps
    public var width = 0
    public var height = 0
    public var showingHelp = false
    public var helpScroll = 0
    public var orders = OrdersState()
    public var alerts = AlertsState()
    public var imports = ImportState()
    public var substations = SubstationsState()
    public var risk = RiskState()
    /// Polls of data_version since the substations were last loaded: health changes with time alone
    /// (a heartbeat that stops arriving), so the pane reloads every ~15 polls even when nothing committed.
    public var pollsSinceHealthLoad = 0
    /// The role of the person at the console; nil when they are not staff (they may look, not act).
    public var role: Role?
    /// The clock as last read by the app (at start, then about once a minute): a time from another year
    /// is shown with its year. Nil until then, and in tests that do not set it.
    public var today: Date?
    /// Advances while something loads, so a slow query is visibly in progress.
    public var spinnerFrame = 0
    /// The last `data_version` seen; nil until the first poll answers.
    public var dataVersion: Int?
    public var quitRequested = false
    /// `q` while an import runs asks first: quitting cancels it (nothing is written).
    public var quitDialog: ConfirmDialogState?
    /// The `:` prompt being typed, and what the last one said (an unknown name).
    public var palette: TextFieldState?
    public var paletteMessage: String?
    /// A `--readonly` session: the status line says so, and changing actions are not offered.
    public var readOnly = false

    /// The smallest terminal the layout is drawn in; below it the TooSmall screen is shown.
    public static let minimumWidth = 40
    public static let minimumHeight = 10

    public init(language: UILanguage, glyphs: Glyphs = .unicode, timeZone: TimeZone = ConsoleClock.defaultTimeZone,
                keymaps: ConsoleKeymaps? = nil) {
        self.language = language
        self.glyphs = glyphs
        self.timeZone = timeZone
        self.keymaps = keymaps ?? ConsoleKeymaps(language: language)
    }

    /// True while any query the user waits for is running.
    public var isLoading: Bool { orders.loadingReload || orders.loadingMore || alerts.loading || imports.isRunning || substations.loading || risk.loading }

    /// True while typed keys go to a text field or a dialog in front, not to the keymaps.
    public var capturesKeys: Bool {
        guard !showingHelp else { return false }
        if quitDialog != nil || palette != nil { return true }
        switch pane {
        case .imports: return imports.capturesKeys
        case .substations: return substations.dialog != nil
        case .orders: return orders.capturesKeys
        case .risk: return risk.capturesKeys
        case .alerts: return alerts.capturesKeys
        }
    }

    /// Whether the person at the console may ask for `command`: actions their role may not take, and
    /// in a read-only session every changing action, are neither offered (hint bar, help's palette)
    /// nor run (the store refuses them too).
    public func allows(_ command: Command) -> Bool {
        guard let permission = command.permission else { return true }
        return !readOnly && role?.may(permission) == true
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The keymaps in force, most specific first: an open overlay captures keys before the pane does.
    public var activeKeymaps: [Keymap<Command>] {
        if showingHelp { return [keymaps.help, keymaps.global] }
        if quitDialog != nil { return [keymaps.dialog] }
        if palette != nil { return [keymaps.editing] }
        switch pane {
        case .imports where imports.dialog != nil: return [keymaps.dialog]
        case .imports where imports.editing: return [keymaps.editing]
        case .imports: return [keymaps.imports, keymaps.list, keymaps.global]
        case .substations where substations.dialog?.isForm == true: return [keymaps.form]
        case .substations where substations.dialog?.isPathPrompt == true: return [keymaps.editing]
        case .substations where substations.dialog != nil: return [keymaps.dialog]
        case .substations where substations.showingDetail: return [keymaps.substations, keymaps.global]
        case .substations: return [keymaps.substations, keymaps.list, keymaps.global]
        case .orders where orders.dialog != nil: return [keymaps.dialog]
        case .orders where orders.revealStep != nil || orders.filtering: return [keymaps.editing]
        case .orders where orders.detail != nil: return [keymaps.orders, keymaps.global]
        case .orders: return [keymaps.orders, keymaps.list, keymaps.global]
        case .alerts where alerts.editing != nil: return [keymaps.editing]
        case .alerts: return [keymaps.alerts, keymaps.list, keymaps.global]
        case .risk where risk.dialog?.hasOptions == true: return [keymaps.options, keymaps.dialog]
        case .risk where risk.dialog != nil: return [keymaps.dialog]
        case .risk: return [keymaps.risk, keymaps.list, keymaps.global]
        }
    }

    /// The hint bar's bindings: quit and help first, so a narrow terminal drops pane hints before them.
    public var hintBindings: [KeyBinding<Command>] {
        // A key an earlier (more specific) keymap claims is not advertised again for a later one.
        var claimed: Set<Key> = []
        var all: [KeyBinding<Command>] = []
        for keymap in activeKeymaps {
            all += keymap.hintBarBindings.filter { allows($0.action) && ($0.keys.first.map { !claimed.contains($0) } ?? false) }
            claimed.formUnion(keymap.bindings.flatMap(\.keys))
        }
        let essential: Set<Command> = [.quit, .toggleHelp, .closeOverlay]
        return all.filter { essential.contains($0.action) } + all.filter { !essential.contains($0.action) }
    }

    /// What `key` asks for right now; nil when it is bound to nothing in force.
    public func command(for key: Key) -> Command? {
        for keymap in activeKeymaps {
            if let command = keymap.action(for: key) { return command }
        }
        return nil
    }
}

extension Command {
    /// The permission a command needs, for those that change something.
    var permission: Permission? {
        switch self {
        case .activate, .editPath, .nextProduct, .previousProduct, .cancelWork: nil  // checked when the import runs
        case .voidBatch: .voidBatch
        case .reveal: .revealKeys
        case .deliverNow: .deliverOrders
        case .refund: .refundOrders
        case .toggleMark, .approve, .reject, .escalate, .addNote: .reviewRisk
        case .acknowledge, .snooze, .editThreshold: .manageProducts
        case .suspendSubstation, .resumeSubstation: .suspendSubstations
        case .openSubstation, .openSubstationBatch: .manageSubstations
        default: nil
        }
    }
}
