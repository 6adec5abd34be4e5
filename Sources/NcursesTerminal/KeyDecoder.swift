import CNcurses
import TerminalUI

/// Turns what `wget_wch` returned into a Key; pure, so the mapping is testable without a terminal.
enum KeyDecoder {
    /// `isKeyCode` is true when wget_wch returned KEY_CODE_YES (a KEY_* constant), false for a character.
    /// Returns nil for codes the console has no use for (mouse events, F13+, unbound control bytes).
    static func key(isKeyCode: Bool, code: UInt32) -> Key? {
        isKeyCode ? functionKey(Int32(bitPattern: code)) : character(code)
    }

    private static func character(_ code: UInt32) -> Key? {
        switch code {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26:
            // Ctrl-A … Ctrl-Z arrive as 1 … 26; Tab (9), Enter (10, 13) and Backspace (8) are taken above.
            return .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        case 0..<32, 0x80...0x9F:
            return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case kameng_key_up(): .up
        case kameng_key_down(): .down
        case kameng_key_left(): .left
        case kameng_key_right(): .right
        case kameng_key_ppage(): .pageUp
        case kameng_key_npage(): .pageDown
        case kameng_key_home(), kameng_key_a1(), kameng_key_find(): .home
        case kameng_key_end(), kameng_key_c1(), kameng_key_select(): .end
        case kameng_key_enter(): .enter
        case kameng_key_backspace(): .backspace
        case kameng_key_dc(): .delete
        case kameng_key_ic(): .insert
        case kameng_key_btab(): .backTab
        case kameng_key_resize(): .resize
        case (kameng_key_f0() + 1)...(kameng_key_f0() + 12): .function(Int(code - kameng_key_f0()))
        default: nil
        }
    }
}
