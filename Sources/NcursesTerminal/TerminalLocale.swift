import CNcurses
import Glibc

/// Selects a UTF-8 character locale before ncurses starts; without one, ncurses writes CJK as `~M~[`.
///
/// These machines ship only C.UTF-8, so `LANG=zh_CN.UTF-8` makes `setlocale(LC_ALL, "")` fail. The
/// UI language is chosen elsewhere from the LANG/LC_* strings themselves; here only character handling
/// matters, so any UTF-8 locale will do.
public enum TerminalLocale {
    /// Installs a UTF-8 locale and returns its name (as `setlocale` reports it), or nil if none exists.
    @discardableResult
    public static func install() -> String? {
        if let name = setlocale(LC_ALL, ""), kameng_codeset_is_utf8() != 0 {
            return String(cString: name)
        }
        for fallback in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
            if let name = setlocale(LC_ALL, fallback), kameng_codeset_is_utf8() != 0 {
                return String(cString: name)
            }
        }
        return nil
    }
}
