import ArgumentParser
import CurfewCore
import Foundation

extension Curfewctl {
    /// `curfewctl audit` -> `GET /v1/audit`.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the audit trail: who scheduled, changed, cancelled or ended what, newest first.",
            discussion: "Actions: \(AuditEntry.Action.allCases.map(\.rawValue).joined(separator: ", "))."
        )

        @Option(
            help: ArgumentHelp(
                "Only entries since this time: RFC 3339 (2026-11-25T17:00:00Z) or a duration ago (2h, 1d).",
                valueName: "time"
            )
        )
        var since: String?

        @Option(
            help: ArgumentHelp("Only entries of this action.", valueName: "action"),
            completion: .list(AuditEntry.Action.allCases.map(\.rawValue))
        )
        var action: String?

        @Option(help: "Only what this user did.")
        var actor: String?

        @Option(help: "Only entries whose target names this user.")
        var user: String?

        @OptionGroup var page: PageOptions
        @OptionGroup var daemon: DaemonOptions

        func validate() throws {
            _ = try sinceInstant(now: Date())
            if let action { _ = try validating { () throws(InputError) in try AuditEntry.Action(parsing: action) } }
        }

        func run() async throws {
            let since = try sinceInstant(now: Console.current.now()).map(TimeText.rfc3339)
            let query = [("since", since), ("action", action), ("actor", actor), ("user", user)] + page.query
            let reply = try await daemon.withDaemon { try await $0.get("/v1/audit", query: query) }
            try daemon.show(reply, as: AuditPage.self) { $0.audit($1) }
        }

        /// `--since` as an instant: an RFC 3339 time as given, or a duration counted back from `now`.
        func sinceInstant(now: Date) throws -> Date? {
            guard let since else { return nil }
            let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
            if let instant = (try? withFraction.parse(since)) ?? (try? Date.ISO8601FormatStyle().parse(since)) {
                return instant
            }
            guard let seconds = try? DurationText.parse(since) else {
                throw ValidationError(
                    "--since '\(since)' is neither an RFC 3339 time such as 2026-11-25T17:00:00Z "
                        + "nor a duration ago such as 2h or 1d"
                )
            }
            return now.addingTimeInterval(-TimeInterval(seconds))
        }
    }
}
