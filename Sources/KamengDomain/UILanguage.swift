/// The language of the console's own text (data such as product names is shown as stored).
public enum UILanguage: String, CaseIterable, Sendable {
    case zh, en

    /// The language a user asked for, by the POSIX rule: the first non-empty of LC_ALL, LC_MESSAGES,
    /// LANG decides, and a value starting with `zh` means Chinese. The strings are read rather than
    /// passed to setlocale because these machines only have C.UTF-8 installed: `zh_CN.UTF-8` would fail
    /// there, yet it still says what the user reads.
    public static func from(environment: [String: String]) -> UILanguage {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// `--lang zh|en` wins over the environment; nil for a value that is neither (the caller reports it).
    public static func resolve(flag: String?, environment: [String: String]) -> UILanguage? {
        guard let flag else { return from(environment: environment) }
        switch flag.lowercased() {
        case "zh", "zh-cn", "zh_cn", "cn", "chinese": return .zh
        case "en", "english": return .en
        default: return nil
        }
    }
}
