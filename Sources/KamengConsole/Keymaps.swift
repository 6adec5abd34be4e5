import KamengDomain
import TerminalUI

/// The console's bindings as data: the hint bar, the `?` overlay (and later Docs/Keybindings.md) are
/// generated from these, so they cannot disagree with what the keys do.
public struct ConsoleKeymaps: Sendable {
    /// Keys that work everywhere: panes, help, redraw, quit.
    public var global: Keymap<Command>
    /// Moving the selection in a list pane.
    public var list: Keymap<Command>
    /// While the help overlay is open: scroll and close it.
    public var help: Keymap<Command>
    /// The import pane: path, product, preview and import, cancel, void.
    public var imports: Keymap<Command>
    /// The alerts pane: acknowledge, snooze, threshold.
    public var alerts: Keymap<Command>
    /// The risk queue: mark, approve, reject, escalate, note.
    public var risk: Keymap<Command>
    /// The orders pane: filter, detail, reveal.
    public var orders: Keymap<Command>
    /// The substation pane: detail, suspend, resume, open (one from a template, or a batch from a file).
    public var substations: Keymap<Command>
    /// While a text field has the keys: shown in the hint bar and help; the field itself takes the keys.
    public var editing: Keymap<Command>
    /// While a confirm dialog is open (hint bar and help only; the dialog takes the keys).
    public var dialog: Keymap<Command>
    /// While a form is open (the substation form): fields, check, cancel. Fixed keys, like `dialog`.
    public var form: Keymap<Command>
    /// A confirm box with options to tick (reject, with what to blacklist). Fixed keys, shown beside `dialog`'s.
    public var options: Keymap<Command>

    public init(language: UILanguage) {
        let zh = language == .zh
        func text(_ chinese: String, _ english: String) -> String { zh ? chinese : english }
        let panes = text("窗格", "Panes"), app = text("程序", "App"), move = text("移动", "Navigation")
        global = Keymap(scope: "global", title: text("全局", "Global"), bindings: [
            KeyBinding([.char("1")], .showImports, help: Pane.imports.title(language), group: panes),
            KeyBinding([.char("2")], .showAlerts, help: Pane.alerts.title(language), group: panes),
            KeyBinding([.char("3")], .showOrders, help: Pane.orders.title(language), group: panes),
            KeyBinding([.char("4")], .showSubstations, help: Pane.substations.title(language), group: panes),
            KeyBinding([.char("5")], .showRisk, help: Pane.risk.title(language), group: panes),
            KeyBinding([.tab], .nextPane, help: text("切换窗格", "Next pane"), showInHintBar: true, group: panes),
            KeyBinding([.backTab], .previousPane, help: text("上一个窗格", "Previous pane"), group: panes),
            KeyBinding([.char("?")], .toggleHelp, help: text("帮助", "Help"), showInHintBar: true, group: app),
            KeyBinding([.char(":")], .commandPalette, help: text("按名称运行命令", "Run a command by name"), group: app),
            KeyBinding([.ctrl("l")], .redraw, help: text("重绘屏幕", "Redraw screen"), group: app),
            KeyBinding([.escape], .closeOverlay, help: text("关闭弹层", "Close overlay"), group: app),
            KeyBinding([.char("q")], .quit, help: text("退出", "Quit"), showInHintBar: true, group: app),
        ])
        list = Keymap(scope: "list", title: text("列表", "Lists"), bindings: [
            KeyBinding([.char("j"), .down], .moveDown, help: text("下移", "Down"), showInHintBar: true, group: move),
            KeyBinding([.char("k"), .up], .moveUp, help: text("上移", "Up"), showInHintBar: true, group: move),
            KeyBinding([.pageDown], .pageDown, help: text("下一页", "Page down"), showInHintBar: true, group: move),
            KeyBinding([.pageUp], .pageUp, help: text("上一页", "Page up"), group: move),
            KeyBinding([.char("g"), .home], .top, help: text("最新", "Newest"), group: move),
            KeyBinding([.char("G"), .end], .bottom, help: text("已加载的最后一条", "Last loaded"), group: move),
        ])
        let work = text("导入", "Import")
        imports = Keymap(scope: "imports", title: Pane.imports.title(language), bindings: [
            KeyBinding([.char("e"), .char("i")], .editPath, help: text("编辑文件路径", "Edit the file path"), showInHintBar: true, group: work),
            KeyBinding([.char("p")], .nextProduct, help: text("下一个商品", "Next product"), showInHintBar: true, group: work),
            KeyBinding([.char("P")], .previousProduct, help: text("上一个商品", "Previous product"), group: work),
            KeyBinding([.enter], .activate, help: text("预览 / 确认导入", "Preview / confirm import"), showInHintBar: true, group: work),
            KeyBinding([.char("c")], .cancelWork, help: text("取消正在进行的导入", "Cancel the running import"), group: work),
            KeyBinding([.char("v")], .voidBatch, help: text("作废选中的批次（需确认）", "Void the selected batch (asks first)"), showInHintBar: true, group: work),
        ])
        let review = text("订单", "Orders")
        orders = Keymap(scope: "orders", title: Pane.orders.title(language), bindings: [
            KeyBinding([.char("/")], .filter, help: text("筛选", "Filter"),
                       showInHintBar: true, group: review),
            KeyBinding([.enter], .activate, help: text("详情", "Detail"), showInHintBar: true, group: review),
            KeyBinding([.char("v")], .reveal, help: text("查看卡密（需原因和动态码，记入审计）", "Reveal the keys (reason and code, audited)"), group: review),
            KeyBinding([.char("d")], .deliverNow, help: text("补单：立即发货（需确认）", "Deliver now (补单; asks first)"), group: review),
            KeyBinding([.char("R")], .refund, help: text("退款（需确认）", "Refund (asks first)"), group: review),
        ])
        let stock = text("预警", "Alerts")
        alerts = Keymap(scope: "alerts", title: Pane.alerts.title(language), bindings: [
            KeyBinding([.char("a")], .acknowledge, help: text("确认预警", "Acknowledge"), showInHintBar: true, group: stock),
            KeyBinding([.char("z")], .snooze, help: text("暂缓 24 小时", "Snooze 24 h"), showInHintBar: true, group: stock),
            KeyBinding([.char("t")], .editThreshold, help: text("修改预警线", "Edit threshold"), showInHintBar: true, group: stock),
            KeyBinding([.char("h")], .toggleAcknowledged, help: text("显示/隐藏已确认的预警", "Show / hide acknowledged alerts"), group: stock),
        ])
        let queue = text("风控", "Risk")
        risk = Keymap(scope: "risk", title: Pane.risk.title(language), bindings: [
            KeyBinding([.char(" ")], .toggleMark, help: text("选中/取消（批量操作）", "Mark / unmark (bulk)"), showInHintBar: true, group: queue),
            KeyBinding([.char("a")], .approve, help: text("通过并发货（需确认）", "Approve and deliver (asks first)"), showInHintBar: true, group: queue),
            KeyBinding([.char("x")], .reject, help: text("拒绝：退款或取消（需确认）", "Reject: refund or cancel (asks first)"), showInHintBar: true, group: queue),
            KeyBinding([.char("E")], .escalate, help: text("升级给管理员", "Escalate to an admin"), group: queue),
            KeyBinding([.char("n")], .addNote, help: text("添加备注", "Add a note"), group: queue),
        ])
        let oncall = text("分站", "Substations")
        substations = Keymap(scope: "substations", title: Pane.substations.title(language), bindings: [
            KeyBinding([.enter], .activate, help: text("详情与信号历史", "Detail and signal history"), showInHintBar: true, group: oncall),
            KeyBinding([.char("s")], .suspendSubstation, help: text("暂停分站（需确认）", "Suspend the substation (asks first)"), showInHintBar: true, group: oncall),
            KeyBinding([.char("r")], .resumeSubstation, help: text("恢复分站（需确认）", "Resume the substation (asks first)"), showInHintBar: true, group: oncall),
            KeyBinding([.char("o")], .openSubstation, help: text("以选中分站为模板开通新分站", "Open a substation from the selected one as template"),
                       showInHintBar: true, group: oncall),
            KeyBinding([.char("O")], .openSubstationBatch, help: text("从文件批量开通分站", "Open substations in a batch from a file"), group: oncall),
        ])
        // The field and the dialog take these keys themselves: fixed, listed so the hint bar and help show them.
        editing = Keymap(scope: "editing", title: text("输入（固定键）", "Typing (fixed keys)"), bindings: [
            KeyBinding([.enter], .activate, help: text("完成并预览", "Done, preview"), showInHintBar: true),
            KeyBinding([.tab], .completePath, help: text("补全路径", "Complete the path"), showInHintBar: true),
            KeyBinding([.escape], .closeOverlay, help: text("完成编辑", "Done editing"), showInHintBar: true),
            KeyBinding([.ctrl("u")], .clearField, help: text("清空", "Clear"), showInHintBar: true),
        ])
        dialog = Keymap(scope: "dialog", title: text("确认框（固定键）", "Confirm box (fixed keys)"), bindings: [
            KeyBinding([.left, .right, .tab], .switchButton, help: text("切换按钮", "Switch button"), showInHintBar: true),
            KeyBinding([.enter], .activate, help: text("选择", "Choose"), showInHintBar: true),
            KeyBinding([.escape], .closeOverlay, help: text("取消", "Cancel"), showInHintBar: true),
        ])
        form = Keymap(scope: "form", title: text("表单（固定键）", "Form (fixed keys)"), bindings: [
            KeyBinding([.tab, .down], .nextField, help: text("下一项", "Next field"), showInHintBar: true),
            KeyBinding([.backTab, .up], .previousField, help: text("上一项", "Previous field")),
            KeyBinding([.enter], .activate, help: text("检查后确认", "Check, then confirm"), showInHintBar: true),
            KeyBinding([.escape], .closeOverlay, help: text("取消", "Cancel"), showInHintBar: true),
            KeyBinding([.ctrl("u")], .clearField, help: text("清空本项", "Clear the field")),
        ])
        options = Keymap(scope: "options", title: text("选项（固定键）", "Options (fixed keys)"), bindings: [
            KeyBinding([.up, .down], .nextField, help: text("移到上/下一个选项", "Move between the options"), showInHintBar: true),
            KeyBinding([.char(" ")], .toggleOption, help: text("勾选/取消", "Tick / untick"), showInHintBar: true),
        ])
        help = Keymap(scope: "help", title: text("帮助", "Help"), bindings: [
            KeyBinding([.down, .char("j")], .moveDown, help: text("向下滚动", "Scroll down")),
            KeyBinding([.up, .char("k")], .moveUp, help: text("向上滚动", "Scroll up")),
            KeyBinding([.escape, .char("?")], .closeOverlay, help: text("关闭帮助", "Close help"), showInHintBar: true),
        ])
    }
}

extension ConsoleKeymaps {
    /// Every keymap, in the order Docs/Keybindings.md lists them.
    public var documented: [Keymap<Command>] { [global, list, imports, alerts, orders, substations, risk, editing, form, dialog, options, help] }

    /// What `?` shows for `pane`: its own keys first, then the lists' and the global ones.
    public func helpKeymaps(for pane: Pane) -> [Keymap<Command>] {
        switch pane {
        case .imports: [imports, editing, dialog, list, global]
        case .orders: [orders, editing, list, global]
        case .alerts: [alerts, editing, list, global]
        case .substations: [substations, form, editing, dialog, list, global]
        case .risk: [risk, dialog, options, list, global]
        }
    }

    /// These keymaps with a user's key choices applied (from config.toml's `[keys]`), or the reasons
    /// they cannot be: an unknown action id, an unparseable key, or a key that would then do two things
    /// in one place. Reported at start, so a typo never silently leaves a key unbound.
    public func applying(overrides: [String: [String]]) -> Result<ConsoleKeymaps, KeymapProblems> {
        guard !overrides.isEmpty else { return .success(self) }
        var problems = Keymap.unknownActionIDs(in: overrides, keymaps: [global, list, help, imports, substations, orders, risk, alerts])
            .map { "unknown action \"\($0)\" (see Docs/Keybindings.md for the ids)" }
        var result = self
        do {
            result.global = try global.applying(overrides: overrides)
            result.list = try list.applying(overrides: overrides)
            result.help = try help.applying(overrides: overrides)
            result.imports = try imports.applying(overrides: overrides)
            result.substations = try substations.applying(overrides: overrides)
            result.orders = try orders.applying(overrides: overrides)
            result.risk = try risk.applying(overrides: overrides)
            result.alerts = try alerts.applying(overrides: overrides)
        } catch {
            problems.append(error.description)
            return .failure(KeymapProblems(lines: problems))
        }
        // A list key shadows a global one in list panes, so the two scopes are checked together.
        let together = Keymap(scope: "global+list", bindings: result.global.bindings + result.list.bindings)
        let importPane = Keymap(scope: "imports+list+global", bindings: result.imports.bindings + result.list.bindings + result.global.bindings)
        let substationPane = Keymap(scope: "substations+list+global", bindings: result.substations.bindings + result.list.bindings + result.global.bindings)
        let orderPane = Keymap(scope: "orders+list+global", bindings: result.orders.bindings + result.list.bindings + result.global.bindings)
        problems += orderPane.conflicts()
        problems += Keymap(scope: "alerts+list+global", bindings: result.alerts.bindings + result.list.bindings + result.global.bindings).conflicts()
        problems += Keymap(scope: "risk+list+global", bindings: result.risk.bindings + result.list.bindings + result.global.bindings).conflicts()
        problems += together.conflicts() + importPane.conflicts() + substationPane.conflicts() + result.help.conflicts()
        return problems.isEmpty ? .success(result) : .failure(KeymapProblems(lines: problems))
    }
}

/// Why a user's key choices were refused, one readable line each.
public struct KeymapProblems: Error, Equatable, Sendable {
    public var lines: [String]
}
