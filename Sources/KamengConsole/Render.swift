import Foundation
import KamengDomain
import TerminalUI

/// The console's one view function: the whole screen from the state, nothing else. Pure, so every
/// screen is testable as text (see the golden tests).
public func render(_ state: ConsoleState, width: Int, height: Int) -> Screen {
    var screen = Screen(width: width, height: height)
    let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
    if width < ConsoleState.minimumWidth || height < ConsoleState.minimumHeight {
        TooSmall(minWidth: ConsoleState.minimumWidth, minHeight: ConsoleState.minimumHeight, message: words.tooSmall,
                 needWord: words.need, nowWord: words.now, glyphs: state.glyphs)
            .render(into: &screen, area: Rect(screen))
        return screen
    }
    let layout = ConsoleLayout(width: width, height: height)
    Tabs(titles: Pane.allCases.map { $0.title(state.language) }, active: state.pane.rawValue, glyphs: state.glyphs)
        .render(into: &screen, area: layout.tabs)
    if let palette = state.palette {
        screen.fill(layout.status, style: Style(.muted))
        screen.write(" :", at: layout.status.origin, maxWidth: layout.status.width, style: Style(.accent, bold: true))
        TextField(state: palette, placeholder: "showRisk, acknowledge, 风控…", focused: true, glyphs: state.glyphs)
            .render(into: &screen, area: Rect(x: layout.status.x + 3, y: layout.status.y, width: max(0, min(40, layout.status.width - 4)), height: 1))
    } else if !state.pane.renderStatusLine(state, into: &screen, area: layout.status) {
        renderStatus(state, into: &screen, area: layout.status)
    }
    state.pane.render(state, into: &screen, area: layout.body)
    HintBar(bindings: state.hintBindings, glyphs: state.glyphs).render(into: &screen, area: layout.hints)
    if let quit = state.quitDialog {
        ConfirmDialog(title: words.quitWhileImporting, message: words.quitWhileImportingMessage, confirmLabel: words.quitButton,
                      cancelLabel: words.cancelButton, glyphs: state.glyphs)
            .render(into: &screen, area: layout.body, state: quit)
    }
    if state.showingHelp {
        HelpOverlay(title: words.help, keymaps: state.keymaps.helpKeymaps(for: state.pane), scrollOffset: state.helpScroll,
                    glyphs: state.glyphs)
            .render(into: &screen, area: layout.body)
    }
    return screen
}

/// One line under the tabs: what the pane holds on the left, the spinner and time zone on the right.
private func renderStatus(_ state: ConsoleState, into screen: inout Screen, area: Rect) {
    guard !area.isEmpty else { return }
    screen.fill(area, style: Style(.muted))
    var left = state.pane.status(state)
    if let message = state.paletteMessage { left = TerminalSafe.visible(message) }
    var right = ConsoleClock.label(state.timeZone)
    if state.readOnly { right = Strings(language: state.language, ellipsis: state.glyphs.ellipsis).readOnly + "  " + right }
    if let who = state.signedIn {
        // Only while the pane's own status still fits whole (with room for the spinner): what the pane
        // says matters more than the name, which stays the same all session.
        let label = TerminalSafe.visible(who) + (state.role.map { " (\($0.rawValue))" } ?? "")
        if DisplayWidth.width(of: left) + DisplayWidth.width(of: label) + DisplayWidth.width(of: right) + 7 <= area.width {
            right = label + "  " + right
        }
    }
    if state.isLoading { right = state.context.spinner + " " + right }
    let rightWidth = DisplayWidth.width(of: right)
    let leftRoom = max(0, area.width - rightWidth - 3)
    screen.write(" " + TextFit.truncate(left, toWidth: leftRoom, ellipsis: state.glyphs.ellipsis),
                 at: area.origin, maxWidth: leftRoom + 1, style: Style(.muted), replacement: state.glyphs.replacement)
    if rightWidth + 1 < area.width {
        screen.write(right, at: Point(x: area.maxX - rightWidth - 1, y: area.y), style: Style(.accent),
                     replacement: state.glyphs.replacement)
    }
}
