import CurfewClient
import ArgumentParser
import Foundation

extension Curfewctl {
    /// `curfewctl fleet ...`: the fleet's hosts and jobs, through this host's curfewd (`/v1/fleet`).
    struct Fleet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "See and change fleet jobs: one termination written once for many hosts.",
            discussion: """
                Fleet jobs are written with `curfewctl terminate ... --fleet [--hosts a,b | --label NAME]`. Each \
                host in scope copies the job into its own queue ("armed"), warns its users, fires on its own \
                timer and reports each session's outcome back. Needs fleet: in curfewd's configuration.
                """,
            subcommands: [Status.self, Hosts.self, List.self, Show.self, Cancel.self, Reschedule.self, Audit.self]
        )

        struct Status: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "This host's standing: connected or not, clock offset, reports waiting."
            )
            @OptionGroup var daemon: DaemonOptions

            func run() async throws {
                let reply = try await daemon.withDaemon { try await $0.get("/v1/fleet/status") }
                try daemon.show(reply, as: FleetStatusReply.self) { $0.fleetStatus($1) }
            }
        }

        struct Hosts: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The fleet's hosts: last seen, labels, clock offset, fleet jobs pending."
            )
            @OptionGroup var daemon: DaemonOptions

            func run() async throws {
                let reply = try await daemon.withDaemon { try await $0.get("/v1/fleet/hosts") }
                try daemon.show(reply, as: FleetHostsReply.self) { $0.fleetHosts($1) }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Fleet jobs, newest first, with counts by host.")
            @Option(help: "At most this many (1-1000).") var limit = 100
            @OptionGroup var daemon: DaemonOptions

            func validate() throws {
                guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000") }
            }

            func run() async throws {
                let reply = try await daemon.withDaemon {
                    try await $0.get("/v1/fleet/terminations", query: [("limit", String(limit))])
                }
                try daemon.show(reply, as: FleetJobsReply.self) { $0.fleetJobs($1) }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One fleet job, host by host: armed or not yet, fired, each session's outcome, errors."
            )
            @Argument(help: "The fleet job's id (a UUID).") var id: String
            @OptionGroup var daemon: DaemonOptions

            func validate() throws { _ = try fleetJobID(id) }

            func run() async throws {
                let path = "/v1/fleet/terminations/\(try fleetJobID(id))"
                let reply = try await daemon.withDaemon { try await $0.get(path) }
                try daemon.show(reply, as: FleetJobReply.self) { $0.fleetJobDetail($1) }
            }
        }

        struct Cancel: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Cancel a fleet job on every host; hosts that already fired it say so in their reports."
            )
            @Argument(help: "The fleet job's id (a UUID).") var id: String
            @OptionGroup var daemon: DaemonOptions

            func validate() throws { _ = try fleetJobID(id) }

            func run() async throws {
                let path = "/v1/fleet/terminations/\(try fleetJobID(id))"
                let reply = try await daemon.withDaemon { try await $0.delete(path) }
                try daemon.show(reply, as: FleetJobReply.self) { $0.fleetJob($1) }
            }
        }

        struct Reschedule: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Move a fleet job on every host.")
            @Argument(help: "The fleet job's id (a UUID).") var id: String
            @Option(help: ArgumentHelp("The new due time, read by curfewd.", valueName: "time")) var at: String?
            @Option(name: .customLong("in"), help: ArgumentHelp("The new due time, from now.", valueName: "duration"))
            var within: String?
            @OptionGroup var daemon: DaemonOptions

            func validate() throws {
                _ = try fleetJobID(id)
                try DueTimeValidation.exactlyOne([("--at", at != nil), ("--in", within != nil)])
                try DueTimeValidation.checkAt(at)
                try DueTimeValidation.checkIn(within)
            }

            func run() async throws {
                let path = "/v1/fleet/terminations/\(try fleetJobID(id))"
                let body = RescheduleBody(at: at, within: within)
                let reply = try await daemon.withDaemon { try await $0.patch(path, body: body) }
                try daemon.show(reply, as: FleetJobReply.self) { $0.fleetJob($1) }
            }
        }

        struct Audit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The fleet's central audit, newest first: jobs, hosts joining and changing, hosts' reports.",
                discussion: """
                    Kept in the fleet database for fleet.retention (default 90 days). Each host's own \
                    `curfewctl audit` shows what was done on it.
                    """
            )
            @Option(help: ArgumentHelp("Only rows about this fleet job (a UUID).", valueName: "id")) var job: String?
            @Option(help: ArgumentHelp("Only rows from this host, by id or name.", valueName: "host")) var host: String?
            @Option(help: "At most this many (1-1000).") var limit = 100
            @OptionGroup var daemon: DaemonOptions

            func validate() throws {
                if let job { _ = try fleetJobID(job) }
                guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000") }
                if let host, host.isEmpty || host.count > 64 {
                    throw ValidationError("--host takes a host id or name of 1 to 64 characters")
                }
            }

            func run() async throws {
                let query: [(String, String?)] = [
                    ("job", try job.map(fleetJobID)), ("host", host), ("limit", String(limit)),
                ]
                let reply = try await daemon.withDaemon { try await $0.get("/v1/fleet/audit", query: query) }
                try daemon.show(reply, as: FleetAuditReply.self) { $0.fleetAudit($1) }
            }
        }
    }
}

/// A fleet job's id as typed: a UUID, printed lower-case as curfewd prints it.
func fleetJobID(_ text: String) throws -> String {
    guard let id = UUID(uuidString: text) else {
        throw ValidationError("'\(text)' is not a fleet job id: expected a UUID as `curfewctl fleet list --json` shows")
    }
    return id.uuidString.lowercased()
}
