import KamengDomain
import TerminalUI

/// The import pane (库存导入): a supplier file's path, the product it goes into, a dry run, the import
/// with its progress, and the recent batches (void one).
enum ImportFeature: PaneFeature {
    typealias State = ImportState
    typealias Answer = ImportAnswer
    typealias Effect = ImportEffect
    typealias Client = ImportClient

    static let pane = Pane.imports
    static let initialState = ImportState()
    static func title(_ language: UILanguage) -> String { localized(language, "库存导入", "Import") }
    static let showCommand = Command.showImports

    static func keymap(_ language: UILanguage) -> Keymap<Command> {
        func text(_ chinese: String, _ english: String) -> String { localized(language, chinese, english) }
        let work = text("导入", "Import")
        return Keymap(scope: "imports", title: title(language), bindings: [
            KeyBinding([.char("e"), .char("i")], .editPath, help: text("编辑文件路径", "Edit the file path"), showInHintBar: true, group: work),
            KeyBinding([.char("p")], .nextProduct, help: text("下一个商品", "Next product"), showInHintBar: true, group: work),
            KeyBinding([.char("P")], .previousProduct, help: text("上一个商品", "Previous product"), group: work),
            KeyBinding([.enter], .activate, help: text("预览 / 确认导入", "Preview / confirm import"), showInHintBar: true, group: work),
            KeyBinding([.char("c")], .cancelWork, help: text("取消正在进行的导入", "Cancel the running import"), group: work),
            KeyBinding([.char("o")], .fileOptions, help: text("导入选项：列、分隔符、编码（同命令行）", "Import options: columns, separator, encoding (as on the command line)"),
                       group: work),
            KeyBinding([.char("v")], .voidBatch, help: text("作废选中的批次（需确认）", "Void the selected batch (asks first)"), showInHintBar: true, group: work),
        ])
    }

    static func activeKeymaps(_ state: ImportState, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        if state.dialog != nil { return [keymaps.dialog] }
        if state.editing { return [keymaps.editing] }
        return [own, keymaps.list, keymaps.global]
    }

    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] { [keymaps.editing, keymaps.dialog, keymaps.list, keymaps.global] }

    static let commands: Set<Command> = Command.movement.union([.editPath, .nextProduct, .previousProduct, .activate, .cancelWork, .fileOptions, .voidBatch, .closeOverlay])

    /// Importing is checked when the import runs (the engine refuses someone who may not); voiding asks here.
    static func permission(for command: Command) -> Permission? { command == .voidBatch ? .voidBatch : nil }

    static func capturesKeys(_ state: ImportState) -> Bool { state.capturesKeys }
    static func isLoading(_ state: ImportState) -> Bool { state.isRunning }

    /// Quitting mid-import would cancel it: `q` asks first.
    static func asksBeforeQuit(_ state: ImportState) -> Bool {
        if case .importing = state.phase { return true }
        return false
    }

    static func quitting(_ state: inout ImportState) -> [ConsoleEffect] { [.imports(.cancel)] }

    static func started(_ state: inout ImportState) -> [ConsoleEffect] {
        state.batchesLoading = true
        return [.imports(.loadBatches)]
    }

    /// The batch list and the stock counts are cheap: they follow every commit while the pane is in
    /// front, like the order list, and catch up when it is shown.
    static func changed(_ state: inout ImportState, _ change: DataChange) -> [ConsoleEffect] {
        change.committed && LiveReload.committed(change, loading: &state.batchesLoading, stale: &state.batchesStale) ? [.imports(.loadBatches)] : []
    }

    static func shown(_ state: inout ImportState) -> [ConsoleEffect] {
        LiveReload.shown(loading: &state.batchesLoading, stale: &state.batchesStale) ? [.imports(.loadBatches)] : []
    }

    static func command(_ command: Command, _ state: inout ImportState, _ context: PaneContext) -> [ConsoleEffect] {
        // Esc stops a running import, as `c` does.
        let command = command == .closeOverlay ? .cancelWork : command
        let products = state.products
        return ImportReducer.command(command, &state, products: products, visibleRows: visibleRows(context, state))
    }

    static func typed(_ key: Key, _ state: inout ImportState, _ context: PaneContext) -> [ConsoleEffect] {
        let products = state.products
        return ImportReducer.typed(key, &state, products: products)
    }

    static func answer(_ answer: ImportAnswer, _ state: inout ImportState, _ context: PaneContext) -> [ConsoleEffect] {
        var effects = ImportReducer.answer(answer, &state, visibleRows: visibleRows(context, state))
        switch answer {
        case .batchesLoaded, .batchesFailed:
            if LiveReload.answered(loading: &state.batchesLoading, stale: &state.batchesStale) { effects.append(.imports(.loadBatches)) }
        default: break
        }
        return effects
    }

    private static func visibleRows(_ context: PaneContext, _ state: ImportState) -> Int {
        ImportLayout(body: context.layout.body, previewing: state.showsPreview).tableRows
    }

    static func render(_ view: PaneView<ImportState>, into screen: inout Screen, area: Rect) {
        ImportView.render(view, into: &screen, area: area)
    }

    static func status(_ view: PaneView<ImportState>) -> String { ImportView.status(view) }
}

extension Command {
    /// Import pane: bring it to the front; type a path, choose the product, cancel a run, void a batch (Enter previews and confirms).
    public static let showImports = Command("showImports"), editPath = Command("editPath")
    public static let nextProduct = Command("nextProduct"), previousProduct = Command("previousProduct")
    public static let cancelWork = Command("cancelWork"), voidBatch = Command("voidBatch"), fileOptions = Command("fileOptions")
}

extension ConsoleState {
    /// The import pane's state.
    public var imports: ImportState {
        get { panes[ImportFeature.self] }
        set { panes[ImportFeature.self] = newValue }
        _modify { yield &panes[ImportFeature.self] }
    }
}

extension ConsoleKeymaps {
    /// The import pane's keys.
    public var imports: Keymap<Command> { self[.imports] }
}

extension ConsoleAction {
    /// An answer of the import pane.
    public static func imports(_ answer: ImportAnswer) -> ConsoleAction { .answer(PaneMessage(.imports, answer)) }
}

extension ConsoleEffect {
    /// Work of the import pane.
    public static func imports(_ effect: ImportEffect) -> ConsoleEffect { .pane(PaneMessage(.imports, effect)) }
}

extension ConsoleClients {
    /// The imports pane's data client.
    public var imports: ImportClient {
        get { self[ImportFeature.self] }
        set { self[ImportFeature.self] = newValue }
    }
}
