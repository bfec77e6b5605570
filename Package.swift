// swift-tools-version: 6.1
import PackageDescription

/// Debug builds (the tests' and the lab's fault build) can be made to hang or recover slowly, to prove what systemd
/// does then; release builds cannot.
let faultInjection: [SwiftSetting] = [.define("CURFEW_FAULT_INJECTION", .when(configuration: .debug))]

let package = Package(
    name: "curfew",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "curfewd", targets: ["curfewd"]),
        .executable(name: "curfewctl", targets: ["curfewctl"]),
        .executable(name: "curfewctl-full", targets: ["curfewctl-full"]),
        .executable(name: "curfew-bench", targets: ["curfew-bench"]),
        .executable(name: "curfew-notify", targets: ["curfew-notify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Text without Foundation, shared by the daemon and both curfewctls: terminal-safe text, durations, tables,
        // a termination's states and callers.
        .target(name: "CurfewText"),
        // The domain: terminations, targets, notice plans, due times, configuration.
        .target(
            name: "CurfewCore",
            dependencies: ["CurfewText", .product(name: "Yams", package: "Yams")]
        ),
        // The durable queue in SQLite.
        .target(
            name: "CurfewStore",
            dependencies: [
                "CurfewCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The one timer and what happens when it fires.
        .target(
            name: "CurfewScheduler",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: faultInjection
        ),
        // What meets the operating system: sd-notify, logind, terminals.
        .target(
            name: "CurfewSystem",
            dependencies: [
                "CSystemd",
                "CurfewCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Events POSTed to webhook endpoints, signed, from the store's outbox.
        .target(
            name: "CurfewWebhooks",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Fleet mode: fleet jobs in PostgreSQL copied into the local queue, outcomes reported back.
        .target(
            name: "CurfewFleet",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The admin API: HTTP/1.1 + JSON on a Unix socket, callers known by SO_PEERCRED.
        .target(
            name: "CurfewAPI",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                "CurfewFleet",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The YAML is the source; scripts/embed-openapi puts it in OpenAPIDocument.swift.
            exclude: ["openapi.yaml"]
        ),
        // What both curfewctls need to talk to curfewd, without Foundation's time zones (FoundationEssentials only):
        // one blocking HTTP/1.1 exchange on the Unix socket (written and read by hand: no event loop, no codec), the
        // request bodies, the termination reply and its text.
        .target(
            name: "CurfewClient",
            dependencies: ["CurfewText"]
        ),
        // curfewctl's quick path: the calls made in loops and at every login (terminate, pam-account) in a small
        // program that starts in about a millisecond; everything else, and anything unusual, is curfewctl-full's.
        .target(name: "CurfewQuick", dependencies: ["CurfewClient", "CurfewText"]),
        // curfewctl's commands, testable in process; the executable is a thin entry point. One blocking request per
        // command (CurfewClient), without an event loop.
        .target(
            name: "CurfewCLI",
            dependencies: [
                "CurfewCore",
                "CurfewClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "curfewd",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                "CurfewSystem",
                "CurfewAPI",
                "CurfewWebhooks",
                "CurfewFleet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: faultInjection
        ),
        // `curfewctl` is the quick path, which hands every other command line to `curfewctl-full` (beside it, or in
        // ../libexec/curfew) unchanged.
        .executableTarget(name: "curfewctl", dependencies: ["CurfewQuick"]),
        .executableTarget(name: "curfewctl-full", dependencies: ["CurfewCLI"]),
        // The desktop notices' helper: systemd runs it as the user (curfew-notify@UID.service), since only the user
        // may talk on the user's session bus; it fetches the user's notices from curfewd and shows them there.
        .executableTarget(name: "curfew-notify", dependencies: ["CSystemd", "CurfewClient", "CurfewText"]),
        .executableTarget(
            name: "curfew-bench",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                "CurfewAPI",
                "CurfewFleet",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "CurfewCoreTests", dependencies: ["CurfewCore"]),
        .testTarget(name: "CurfewStoreTests", dependencies: ["CurfewStore"]),
        .testTarget(name: "CurfewSchedulerTests", dependencies: ["CurfewScheduler"]),
        .testTarget(name: "CurfewSystemTests", dependencies: ["CurfewSystem"]),
        .testTarget(
            name: "CurfewWebhooksTests",
            dependencies: [
                "CurfewWebhooks",
                "CurfewScheduler",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CurfewFleetTests",
            dependencies: [
                "CurfewFleet",
                "CurfewScheduler",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "CurfewCLITests", dependencies: ["CurfewCLI", "CurfewCore", "CurfewQuick"]),
        .testTarget(
            name: "CurfewAPITests",
            dependencies: [
                "CurfewAPI",
                "CurfewFleet",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
