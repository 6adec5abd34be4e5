import Foundation
import KamengTestSupport
import TerminalUI
import Testing

/// This target's goldens (Tests/KamengConsoleTests/Golden): whole console screens, checked by the shared
/// `GoldenScreens` harness (`KAMENG_RECORD_GOLDEN=1` records, and a recording run is never green).
enum Golden {
    static let golden = GoldenScreens(besides: #filePath)

    static func text(_ screen: Screen) -> String { GoldenScreens.text(screen) }

    static func check(_ screen: Screen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        golden.check(screen, name, sourceLocation: sourceLocation)
    }
}
