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
        .executable(name: "curfew-bench", targets: ["curfew-bench"]),
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
    ],
    targets: [
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // The domain: terminations, targets, notice plans, due times, configuration.
        .target(
            name: "CurfewCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The durable queue in SQLite.
        .target(
            name: "CurfewStore",
            dependencies: ["CurfewCore", .product(name: "GRDB", package: "GRDB.swift")]
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
        // The admin API: HTTP/1.1 + JSON on a Unix socket, callers known by SO_PEERCRED.
        .target(
            name: "CurfewAPI",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
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
        // curfewctl's commands, testable in process; the executable is a thin entry point. One blocking request per
        // command, through swift-nio's HTTP/1.1 codec without an event loop: curfewctl starts as quickly as `at`.
        .target(
            name: "CurfewCLI",
            dependencies: [
                "CurfewCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
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
        .executableTarget(
            name: "curfewctl",
            dependencies: ["CurfewCLI"]
        ),
        .executableTarget(
            name: "curfew-bench",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                "CurfewAPI",
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
        .testTarget(name: "CurfewCLITests", dependencies: ["CurfewCLI", "CurfewCore"]),
        .testTarget(
            name: "CurfewAPITests",
            dependencies: [
                "CurfewAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
