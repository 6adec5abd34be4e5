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
    /// Each pane's own keys (its feature's `keymap`), by pane.
    var panes: [Pane: Keymap<Command>]
    /// While a text field has the keys: shown in the hint bar and help; the field itself takes the keys.
    public var editing: Keymap<Command>
    /// While a confirm dialog is open (hint bar and help only; the dialog takes the keys).
    public var dialog: Keymap<Command>
    /// While a form is open (the substation form): fields, check, cancel. Fixed keys, like `dialog`.
    public var form: Keymap<Command>
    /// A confirm box with options to tick (reject, with what to blacklist). Fixed keys, shown beside `dialog`'s.
    public var options: Keymap<Command>

    /// A pane's own keymap.
    public subscript(pane: Pane) -> Keymap<Command> { panes[pane]! }

    public init(language: UILanguage) {
        let zh = language == .zh
        func text(_ chinese: String, _ english: String) -> String { zh ? chinese : english }
        let panes = text("窗格", "Panes"), app = text("程序", "App"), move = text("移动", "Navigation")
        // A pane's tab number brings it to the front: one binding per registered pane.
        let tabs = Pane.allCases.map { pane in
            KeyBinding([.char(Character(String(pane.rawValue + 1)))], pane.showCommand, help: pane.title(language), group: panes)
        }
        global = Keymap(scope: "global", title: text("全局", "Global"), bindings: tabs + [
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
        self.panes = Dictionary(uniqueKeysWithValues: Pane.allCases.map { ($0, $0.feature.keymap(language)) })
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
    /// Every keymap, in the order Docs/Keybindings.md lists them: global and list keys, each pane's in
    /// tab order, then the fixed keys of fields and dialogs, and help's.
    public var documented: [Keymap<Command>] { [global, list] + Pane.allCases.map { self[$0] } + [editing, form, dialog, options, help] }

    /// What `?` shows for `pane`: its own keys first, then its fields' and dialogs', the lists' and the global ones.
    public func helpKeymaps(for pane: Pane) -> [Keymap<Command>] { pane.helpKeymaps(self) }

    /// Every command a key can ask for (the palette runs them by name).
    var allCommands: [Command] {
        var seen: Set<Command> = []
        return documented.flatMap(\.bindings).map(\.action).filter { seen.insert($0).inserted }
    }

    /// These keymaps with a user's key choices applied (from config.toml's `[keys]`), or the reasons
    /// they cannot be: an unknown action id, an unparseable key, or a key that would then do two things
    /// in one place. Reported at start, so a typo never silently leaves a key unbound.
    public func applying(overrides: [String: [String]]) -> Result<ConsoleKeymaps, KeymapProblems> {
        guard !overrides.isEmpty else { return .success(self) }
        let remappable = [global, list, help] + Pane.allCases.map { self[$0] }
        var problems = Keymap.unknownActionIDs(in: overrides, keymaps: remappable)
            .map { "unknown action \"\($0)\" (see Docs/Keybindings.md for the ids)" }
        var result = self
        do {
            result.global = try global.applying(overrides: overrides)
            result.list = try list.applying(overrides: overrides)
            result.help = try help.applying(overrides: overrides)
            for pane in Pane.allCases { result.panes[pane] = try self[pane].applying(overrides: overrides) }
        } catch {
            problems.append(error.description)
            return .failure(KeymapProblems(lines: problems))
        }
        // A list key shadows a global one in list panes, and a pane's keys shadow both: each pane's
        // keys are checked together with the list and global ones.
        problems += Keymap(scope: "global+list", bindings: result.global.bindings + result.list.bindings).conflicts()
        for pane in Pane.allCases {
            let own = result[pane]
            problems += Keymap(scope: "\(own.scope)+list+global", bindings: own.bindings + result.list.bindings + result.global.bindings).conflicts()
        }
        problems += result.help.conflicts()
        return problems.isEmpty ? .success(result) : .failure(KeymapProblems(lines: problems))
    }
}

/// Why a user's key choices were refused, one readable line each.
public struct KeymapProblems: Error, Equatable, Sendable {
    public var lines: [String]
}
