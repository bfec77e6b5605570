// swift-tools-version: 6.1
import PackageDescription

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
            ]
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
        .executableTarget(
            name: "curfewd",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                "CurfewSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "curfewctl",
            dependencies: [
                "CurfewCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "curfew-bench",
            dependencies: [
                "CurfewCore",
                "CurfewStore",
                "CurfewScheduler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "CurfewCoreTests", dependencies: ["CurfewCore"]),
        .testTarget(name: "CurfewStoreTests", dependencies: ["CurfewStore"]),
        .testTarget(name: "CurfewSchedulerTests", dependencies: ["CurfewScheduler"]),
        .testTarget(name: "CurfewSystemTests", dependencies: ["CurfewSystem"]),
    ],
    swiftLanguageModes: [.v6]
)
