// swift-tools-version:6.1
// Kameng: a terminal back office for 卡盟 platforms.
// The target graph below is the architecture: an arrow not listed here cannot be written.
// Platform: Linux only (glibc, ncursesw, the system's libsqlite3; tested on Debian 12 with Swift 6.3).
// No Apple platform is declared because none is supported; the kameng executable refuses to build elsewhere.
import PackageDescription

let package = Package(
    name: "Kameng",
    products: [
        .executable(name: "kameng", targets: ["kameng"]),
        .executable(name: "kameng-bench", targets: ["kameng-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // Value types and rules. Foundation only: no SQL, no terminal.
        .target(name: "KamengDomain"),
        // Supplier files → normalised card key lines (containers, encodings, shapes). No SQL, no terminal.
        .target(
            name: "KamengImport",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The storage interface: read models, operations as domain actions (async, typed errors), change
        // notices. No SQL, no engine. The console, the CLI and the API stand on it; engines implement it.
        .target(name: "KamengStorage", dependencies: ["KamengDomain", "KamengImport"]),
        // What every engine shares that is not SQL: the vault (sealing, keyed digests, the key file), the
        // audit chain's MACs, TOTP, intake signatures. Above the engines, so each computes them the same way.
        .target(
            name: "KamengVault",
            dependencies: ["KamengDomain", "KamengStorage", .product(name: "Crypto", package: "swift-crypto")]),
        // The only module with SQL; also the vault (encryption of secrets, keyed digests, audit chain).
        .target(
            name: "KamengSQLite",
            dependencies: [
                "KamengDomain", "KamengImport", "KamengStorage", "KamengVault",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Pure screen model and widgets: knows nothing of ncurses or of the domain.
        .target(name: "TerminalUI"),
        // Settings files (themes, config.toml): TOML through TOMLKit, read into TerminalUI's Theme and the
        // domain's rule settings (risk, health, forecast). No terminal, no SQL.
        .target(
            name: "KamengConfig",
            dependencies: ["TerminalUI", "KamengDomain", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The substation API over HTTP (hummingbird 2): signed requests in, sealed keys out, notices to the
        // shops through the outbox (async-http-client), metrics (swift-prometheus). On the storage interface
        // only: no SQL, no engine, no terminal.
        .target(
            name: "KamengAPI",
            dependencies: [
                "KamengDomain", "KamengStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The only code that calls ncurses.
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "NcursesTerminal", dependencies: ["CNcurses", "TerminalUI"]),
        // setrlimit/prctl at start of the kameng executable (prctl is variadic, so it needs a C wrapper).
        .systemLibrary(name: "CHardening"),
        // The panes: per-pane State, Action, reduce, render, keymaps, and the app loop. The store only for the effect runner.
        .target(name: "KamengConsole", dependencies: ["TerminalUI", "KamengDomain", "KamengStorage", "KamengImport"]),
        // Composition root: commands, opening the store, starting the console.
        .executableTarget(
            name: "kameng",
            dependencies: [
                "KamengDomain", "KamengImport", "KamengStorage", "KamengVault", "KamengSQLite", "KamengConsole", "TerminalUI", "NcursesTerminal", "KamengConfig",
                "KamengAPI", "CHardening",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Runs a program to completion (posix_spawnp, no signals blocked, output through files): for the
        // tmux drivers of the end-to-end tests and of the console benchmark. Foundation only.
        .target(name: "KamengProcess"),
        // Release-mode benchmarks and the worker processes of the concurrency tests.
        .executableTarget(
            name: "kameng-bench",
            dependencies: [
                "KamengDomain", "KamengSQLite", "KamengVault", "TerminalUI", "NcursesTerminal", "KamengProcess", "KamengAPI", "KamengStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "KamengDomainTests", dependencies: ["KamengDomain"]),
        .testTarget(
            name: "KamengImportTests",
            dependencies: ["KamengImport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]),
        // Test only: a VFS over SQLite's unix VFS, registered by name, that records writes and syncs and
        // can cut the power (drop every write not yet synced) or fail a sync or write (the power-loss tests).
        .target(
            name: "CPowerLossVFS",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Tests/CPowerLossVFS"),
        .testTarget(
            name: "KamengSQLiteTests",
            dependencies: [
                "KamengSQLite", "KamengStorage", "KamengVault", "KamengDomain", "kameng-bench", "kameng", "CPowerLossVFS", "KamengProcess",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The storage interface's contract, run against every engine (EngineFactories.swift, the only file that imports one).
        .testTarget(
            name: "KamengEngineConformanceTests",
            dependencies: [
                "KamengStorage", "KamengVault", "KamengDomain", "KamengImport", "KamengSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The HTTP API over real HTTP on 127.0.0.1, against a real SQLite engine in a temporary directory.
        .testTarget(
            name: "KamengAPITests",
            dependencies: [
                "KamengAPI", "KamengStorage", "KamengSQLite", "KamengVault", "KamengDomain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                // Only to read intake_rejections, which the storage interface has no read for.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "KamengTestSupport"], resources: [.copy("Golden")]),
        // Test support shared by test targets: the tmux driver for the real binary, the process runner, the
        // golden harness, and the console's unimplemented clients.
        .target(name: "KamengTestSupport", dependencies: ["KamengProcess", "TerminalUI", "KamengConsole"], path: "Tests/KamengTestSupport"),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["NcursesTerminal", "TerminalUI", "KamengTestSupport"]),
        .testTarget(name: "KamengConfigTests", dependencies: ["KamengConfig", "TerminalUI", "KamengDomain"]),
        .testTarget(
            name: "KamengConsoleTests",
            dependencies: [
                "KamengConsole", "TerminalUI", "KamengStorage", "KamengImport", "KamengVault", "KamengDomain", "KamengTestSupport", "kameng",
                // The shop's side of the end-to-end tests of `kameng serve` (APIClient, DeliverySeal, NoticeReceiver).
                "KamengAPI", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Goldens are read through #filePath, not as bundle resources.
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
