import Foundation
import KamengDomain
import TOMLKit

/// The user's settings, `$XDG_CONFIG_HOME/kameng/config.toml` (`~/.config/kameng/config.toml`):
///
/// ```toml
/// theme = "light"              # a theme name, as --theme takes
/// lang = "zh"                  # zh or en, as --lang takes
/// [keys]                       # action id = keys, replacing that action's default keys
/// quit = ["q", "x"]           # Ctrl-Q and Ctrl-S never arrive: the tty uses them for flow control
/// moveDown = ["j", "down", "n"]
/// [risk]                       # risk rules (Docs/Risk.md)
/// hold_score = 60
/// [risk.ip_velocity]
/// limit = 10
/// [health]                     # substation health thresholds (Docs/Health.md)
/// offline_after_minutes = 5
/// [forecast]                   # stock forecast (Docs/Forecast.md)
/// sales_window_days = 7
/// [api]                        # kameng serve's limits and the outbox (Docs/API.md)
/// requests_per_second = 500
/// [reports]                    # the console's Reports pane
/// cover_days = 7               # balances lasting fewer days of charges are listed as running low
/// ```
/// Command-line flags win over the file. Action ids are those in Docs/Keybindings.md. Omitted settings
/// keep their documented defaults; an unknown key or a value of the wrong kind is an error naming it.
public struct ConfigFile: Equatable, Sendable {
    public var theme: String?
    public var lang: String?
    public var keys: [String: [String]]
    public var risk: RiskRules
    public var health: HealthRules
    public var forecast: ForecastRules
    /// `kameng serve`'s limits and the outbox sender's schedule.
    public var api: APISettings
    /// `[reports] cover_days`: a substation whose funds last fewer days of its charges is listed as running low.
    public var reportCoverDays: Int = ConfigFile.defaultReportCoverDays
    public static let defaultReportCoverDays = 7

    public init(theme: String? = nil, lang: String? = nil, keys: [String: [String]] = [:], risk: RiskRules = .defaults,
                health: HealthRules = .defaults, forecast: ForecastRules = .defaults, api: APISettings = .defaults) {
        self.theme = theme
        self.lang = lang
        self.keys = keys
        self.risk = risk
        self.health = health
        self.forecast = forecast
        self.api = api
    }

    /// Where the file is looked for; nil when neither XDG_CONFIG_HOME nor HOME is usable.
    public static func defaultPath(environment: [String: String]) -> String? {
        ThemeLoader.userThemesDirectory(environment: environment)
            .map { (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("config.toml") }
    }

    /// The settings in `path`, or empty settings when there is no such file.
    public static func load(path: String) throws(ConfigError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "cannot be read as UTF-8 text")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigFile {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, message: "line \(error.source.begin.line), column \(error.source.begin.column): invalid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: file, message: "invalid TOML: \(error)")
        }
        var config = ConfigFile()
        for key in root.keys {
            let value = root[key]!
            switch key {
            case "theme", "lang":
                guard let text = value.string, !text.isEmpty else { throw ConfigError(file: file, message: "\(key): expected a non-empty string") }
                if key == "theme" { config.theme = text } else { config.lang = text }
            case "keys":
                guard let table = value.table else { throw ConfigError(file: file, message: "keys: expected a table such as [keys]") }
                for action in table.keys {
                    guard let list = table[action]?.array, !list.isEmpty else {
                        throw ConfigError(file: file, message: "keys.\(action): expected a list of keys such as [\"q\", \"ctrl-q\"]")
                    }
                    var specs: [String] = []
                    for item in list {
                        guard let spec = item.string else { throw ConfigError(file: file, message: "keys.\(action): every key must be a string") }
                        specs.append(spec)
                    }
                    config.keys[action] = specs
                }
            case "risk": config.risk = try RiskSettings.parse(value, file: file)
            case "health": config.health = try HealthSettings.parseHealth(value, file: file)
            case "forecast": config.forecast = try HealthSettings.parseForecast(value, file: file)
            case "api": config.api = try APISettingsTable.parse(value, file: file)
            case "reports":
                let reader = try TableReader(value, path: "reports", file: file)
                try reader.rejectUnknown(["cover_days"])
                if let days = try reader.int("cover_days", in: 1...365) { config.reportCoverDays = days }
            default:
                throw ConfigError(file: file, message: "unknown setting \"\(key)\" (known: theme, lang, keys, risk, health, forecast, api, reports)")
            }
        }
        return config
    }
}

/// A settings file that cannot be used, naming the file and the setting.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): \(message)" }
}
