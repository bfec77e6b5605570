import ArgumentParser
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Logging

/// Opens a queue the way curfewd does and reports how long until the timer was armed and the memory that took.
/// Run in its own process by `scheduler`, so the benchmark's own allocations do not count.
struct StartupProbe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup-probe",
        abstract: "Open, reload and arm on an existing database; print start-up time and RSS as JSON.",
        shouldDisplay: false
    )

    struct Figures: Codable {
        var startupMs: Double
        var rssMb: Double
        var pending: Int
    }

    @Option(help: "The database to open.")
    var database: String

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let clock = DispatchWallClock()
        let started = ContinuousClock.now
        var config = Configuration(environment: [:])
        config.dryRun = true
        let scheduler = Scheduler(
            store: try TerminationStore(path: database),
            clock: clock,
            sessions: NoSessions(),
            notifier: NoTerminals(),
            config: LiveConfiguration(config)
        )
        let recovery = try await scheduler.start()
        let elapsed = (ContinuousClock.now - started).seconds * 1000
        let figures = Figures(
            startupMs: elapsed.rounded(),
            rssMb: ThreadActivity.residentMegabytes(),
            pending: recovery.pending
        )
        print(String(decoding: try JSONEncoder().encode(figures), as: UTF8.self))
    }

    static func measure(databasePath: String) throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["startup-probe", "--database", databasePath]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("startup-probe failed with status \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(Figures.self, from: data)
    }
}
