import ArgumentParser
import CurfewCore
import CurfewSystem
import Foundation
import Logging

/// The curfew daemon: the durable termination queue, fired by one timer, acting through logind.
@main
struct Curfewd: AsyncParsableCommand {
    /// Told to the fleet database when this host registers.
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "curfewd",
        abstract: "Schedules the end of login sessions: a durable queue fired by one timer, acting through logind."
    )

    static let defaultConfigPath = "/etc/curfew/curfew.yaml"

    @Option(
        name: .shortAndLong,
        help: "Configuration file (default: \(defaultConfigPath) if it exists, else built-in defaults)."
    )
    var config: String?

    @Flag(help: "Check the configuration, print the settings in force, and exit.")
    var checkConfig = false

    func run() async throws {
        // Under systemd, stderr is the journal: structured entries then, plain lines otherwise.
        if JournalLogHandler.stderrIsJournal() {
            LoggingSystem.bootstrap { JournalLogHandler(label: $0) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .info
                return handler
            }
        }
        let logger = Logger(label: "curfewd")
        let settings: Configuration
        do {
            settings = try Self.loadConfiguration(path: config)
        } catch {
            logger.critical("\(error.message)")
            throw ExitCode(1)
        }
        if checkConfig {
            print(describe(settings))
            return
        }
        do {
            let load: @Sendable () throws(InputError) -> Configuration = { [config] () throws(InputError) in
                try Self.loadConfiguration(path: config)
            }
            try await Daemon(settings: LiveConfiguration(settings), load: load, logger: logger).run()
        } catch let error as DaemonError {
            logger.critical("\(error.message)")
            throw ExitCode(1)
        }
    }

    private static func loadConfiguration(path: String?) throws(InputError) -> Configuration {
        if let path { return try ConfigurationFile.load(path: path) }
        guard FileManager.default.fileExists(atPath: Self.defaultConfigPath) else { return Configuration() }
        return try ConfigurationFile.load(path: Self.defaultConfigPath)
    }

    private func describe(_ c: Configuration) -> String {
        [
            "state_directory: \(c.stateDirectory)",
            "socket: \(c.socketPath)",
            "admin_group: \(c.adminGroup)",
            "protected_users: [\(c.protectedUsers.joined(separator: ", "))]",
            "notices: \(c.notices)",
            "missed_after: \(c.missedAfter.map(DurationText.format) ?? "none")",
            "dry_run: \(c.dryRun)",
            "contact: \(c.contact ?? "")",
            "events: { retention: \(DurationText.format(c.eventRetention)) }",
            "webhooks: [\(c.webhooks.map(\.description).joined(separator: ", "))]",
            "disk_reserve: \(c.diskReserve >> 10)KiB",
            "fleet: \(c.fleet?.description ?? "none (single host)")",
            "login_gate: { on_error: \(c.loginGate.onError.rawValue) }",
        ]
        .joined(separator: "\n")
    }
}
