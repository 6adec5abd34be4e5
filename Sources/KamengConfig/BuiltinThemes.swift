// GENERATED from Themes/*.toml by Tests/KamengConfigTests/BuiltinThemesTests.swift
// (KAMENG_RECORD_GOLDEN=1 swift test). Do not edit by hand: edit the .toml files and regenerate.

/// The shipped themes compiled in as text, so a binary run from anywhere still has them.
public enum BuiltinThemes {
    /// Names in the order they are offered; the first is the default.
    public static let names: [String] = ["default-dark", "light", "high-contrast", "monochrome"]

    /// The TOML text of the built-in theme `name`.
    public static func text(named name: String) -> String? {
        switch name {
        case "default-dark": return defaultDark
        case "light": return light
        case "high-contrast": return highContrast
        case "monochrome": return monochrome
        default: return nil
        }
    }

    static let defaultDark = #"""
# Kameng theme "default-dark".
#
# Schema: `name` (string, must match the file name) and a `[colors]` table with one entry per style role:
#   role = { fg = "#rrggbb", bg = "#rrggbb" }
# A colour is "#rrggbb" (truecolor; reduced automatically to the 256-colour cube or the 16 basic colours
# when the terminal has fewer) or "default" (the terminal's own colour); fg or bg may be left out, which
# also means "default". Every role below must be present; unknown keys are errors.
# `selected` and `tabActive` are drawn in reverse video (so they stay visible without colour): their fg
# is the colour of the bar, their bg the colour of the text on it.
# The default: light text on a dark grey background.

name = "default-dark"

[colors]
normal      = { fg = "#d0d0d0", bg = "#1c1c1c" }
selected    = { fg = "#5fafff", bg = "#1c1c1c" }
header      = { fg = "#ffd787", bg = "#1c1c1c" }
muted       = { fg = "#808080", bg = "#1c1c1c" }
ok          = { fg = "#87d787", bg = "#1c1c1c" }
warn        = { fg = "#ffaf5f", bg = "#1c1c1c" }
danger      = { fg = "#ff5f5f", bg = "#1c1c1c" }
accent      = { fg = "#5fd7ff", bg = "#1c1c1c" }
border      = { fg = "#585858", bg = "#1c1c1c" }
title       = { fg = "#ffffff", bg = "#1c1c1c" }
hint        = { fg = "#a8a8a8", bg = "#262626" }
hintKey     = { fg = "#ffd787", bg = "#262626" }
tabActive   = { fg = "#ffd787", bg = "#1c1c1c" }
tabInactive = { fg = "#a8a8a8", bg = "#262626" }
dialog      = { fg = "#e4e4e4", bg = "#303030" }
input       = { fg = "#ffffff", bg = "#303030" }
sparkline   = { fg = "#5fd7af", bg = "#1c1c1c" }
progress    = { fg = "#5fafff", bg = "#303030" }

"""#

    static let light = #"""
# Kameng theme "light".
#
# Schema: `name` (string, must match the file name) and a `[colors]` table with one entry per style role:
#   role = { fg = "#rrggbb", bg = "#rrggbb" }
# A colour is "#rrggbb" (truecolor; reduced automatically to the 256-colour cube or the 16 basic colours
# when the terminal has fewer) or "default" (the terminal's own colour); fg or bg may be left out, which
# also means "default". Every role below must be present; unknown keys are errors.
# `selected` and `tabActive` are drawn in reverse video (so they stay visible without colour): their fg
# is the colour of the bar, their bg the colour of the text on it.
# Dark text on white, for light terminal profiles.

name = "light"

[colors]
normal      = { fg = "#1c1c1c", bg = "#ffffff" }
selected    = { fg = "#005faf", bg = "#ffffff" }
header      = { fg = "#875f00", bg = "#ffffff" }
muted       = { fg = "#767676", bg = "#ffffff" }
ok          = { fg = "#008700", bg = "#ffffff" }
warn        = { fg = "#af5f00", bg = "#ffffff" }
danger      = { fg = "#d70000", bg = "#ffffff" }
accent      = { fg = "#0087af", bg = "#ffffff" }
border      = { fg = "#a8a8a8", bg = "#ffffff" }
title       = { fg = "#000000", bg = "#ffffff" }
hint        = { fg = "#4e4e4e", bg = "#eeeeee" }
hintKey     = { fg = "#005faf", bg = "#eeeeee" }
tabActive   = { fg = "#005faf", bg = "#ffffff" }
tabInactive = { fg = "#4e4e4e", bg = "#eeeeee" }
dialog      = { fg = "#1c1c1c", bg = "#e4e4e4" }
input       = { fg = "#000000", bg = "#eeeeee" }
sparkline   = { fg = "#008787", bg = "#ffffff" }
progress    = { fg = "#005faf", bg = "#e4e4e4" }

"""#

    static let highContrast = #"""
# Kameng theme "high-contrast".
#
# Schema: `name` (string, must match the file name) and a `[colors]` table with one entry per style role:
#   role = { fg = "#rrggbb", bg = "#rrggbb" }
# A colour is "#rrggbb" (truecolor; reduced automatically to the 256-colour cube or the 16 basic colours
# when the terminal has fewer) or "default" (the terminal's own colour); fg or bg may be left out, which
# also means "default". Every role below must be present; unknown keys are errors.
# `selected` and `tabActive` are drawn in reverse video (so they stay visible without colour): their fg
# is the colour of the bar, their bg the colour of the text on it.
# Pure black and white with saturated accents, for low vision and bright rooms.

name = "high-contrast"

[colors]
normal      = { fg = "#ffffff", bg = "#000000" }
selected    = { fg = "#ffff00", bg = "#000000" }
header      = { fg = "#ffffff", bg = "#000000" }
muted       = { fg = "#c0c0c0", bg = "#000000" }
ok          = { fg = "#00ff00", bg = "#000000" }
warn        = { fg = "#ffff00", bg = "#000000" }
danger      = { fg = "#ff0000", bg = "#000000" }
accent      = { fg = "#00ffff", bg = "#000000" }
border      = { fg = "#ffffff", bg = "#000000" }
title       = { fg = "#ffffff", bg = "#000000" }
hint        = { fg = "#ffffff", bg = "#000000" }
hintKey     = { fg = "#ffff00", bg = "#000000" }
tabActive   = { fg = "#ffffff", bg = "#000000" }
tabInactive = { fg = "#ffffff", bg = "#000000" }
dialog      = { fg = "#ffffff", bg = "#000000" }
input       = { fg = "#ffffff", bg = "#000000" }
sparkline   = { fg = "#00ffff", bg = "#000000" }
progress    = { fg = "#00ff00", bg = "#000000" }

"""#

    static let monochrome = #"""
# Kameng theme "monochrome".
#
# Schema: `name` (string, must match the file name) and a `[colors]` table with one entry per style role:
#   role = { fg = "#rrggbb", bg = "#rrggbb" }
# A colour is "#rrggbb" (truecolor; reduced automatically to the 256-colour cube or the 16 basic colours
# when the terminal has fewer) or "default" (the terminal's own colour); fg or bg may be left out, which
# also means "default". Every role below must be present; unknown keys are errors.
# `selected` and `tabActive` are drawn in reverse video (so they stay visible without colour): their fg
# is the colour of the bar, their bg the colour of the text on it.
# No colours at all: the terminal's own foreground and background everywhere. Selection, tabs
# and headers stay visible through reverse video, bold and underline, which widgets always set.

name = "monochrome"

[colors]
normal      = { fg = "default", bg = "default" }
selected    = { fg = "default", bg = "default" }
header      = { fg = "default", bg = "default" }
muted       = { fg = "default", bg = "default" }
ok          = { fg = "default", bg = "default" }
warn        = { fg = "default", bg = "default" }
danger      = { fg = "default", bg = "default" }
accent      = { fg = "default", bg = "default" }
border      = { fg = "default", bg = "default" }
title       = { fg = "default", bg = "default" }
hint        = { fg = "default", bg = "default" }
hintKey     = { fg = "default", bg = "default" }
tabActive   = { fg = "default", bg = "default" }
tabInactive = { fg = "default", bg = "default" }
dialog      = { fg = "default", bg = "default" }
input       = { fg = "default", bg = "default" }
sparkline   = { fg = "default", bg = "default" }
progress    = { fg = "default", bg = "default" }

"""#
}
