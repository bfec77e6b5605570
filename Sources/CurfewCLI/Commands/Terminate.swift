import ArgumentParser
import CurfewCore
import Foundation

extension Curfewctl {
    /// `curfewctl terminate`: schedules the end of sessions (`POST /v1/terminations`), or ends them now
    /// (`DELETE /v1/sessions/{id}`, `DELETE /v1/sessions?user=`, or a job due "now" for what DELETE cannot say).
    struct Terminate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule the end of login sessions, or end them now.",
            discussion: """
                Name what to end with exactly one of --session, --user or --all, and when with exactly one of \
                --at, --in or --now. Protected users (root, and the configured break-glass accounts) are never \
                terminated; naming one is refused. The users are warned on their terminals when the termination \
                is scheduled, at each notice step, and when it fires.

                --now asks "End N session(s) of ... now? [y/N]" when standard input is a terminal; --yes answers \
                for you, and is required when there is no terminal. Each invocation sends its own Idempotency-Key, \
                so a request retried after a timeout cannot queue two jobs.

                Examples:
                  curfewctl terminate --user alice --at 'tomorrow 18:00' --reason offboarding
                  curfewctl terminate --session 12 14 --in 30m --notice 10m,1m
                  curfewctl terminate --all --service sshd --at 22:00 --reason maintenance
                  curfewctl terminate --user mallory --now --yes --reason 'incident 4711'

                --at is read by curfewd, in its time zone; \(DueTimeParser.acceptedForms)
                """
        )

        @Option(
            name: .customLong("session"),
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "End exactly these sessions (logind ids); sessions opened later are never affected.",
                valueName: "id"
            )
        )
        var sessions: [String] = []

        @Option(help: ArgumentHelp("End every session this user has at the due time.", valueName: "name"))
        var user: String?

        @Flag(help: "End every session of every unprotected user at the due time.")
        var all = false

        @OptionGroup(title: "Filters for --user and --all")
        var filter: SessionFilterOptions

        @Option(
            help: ArgumentHelp(
                "When: a time such as 18:00, 'tomorrow 18:00', '2026-11-24 18:00' or ISO 8601 with an offset.",
                valueName: "time"
            )
        )
        var at: String?

        @Option(
            name: .customLong("in"),
            help: ArgumentHelp("When: this long from now (30m, 1h30m).", valueName: "duration")
        )
        var within: String?

        @Flag(help: "End the sessions now; asks for confirmation on a terminal.")
        var now = false

        @Option(help: "Why; shown to the users whose sessions end (at most 500 characters).")
        var reason: String?

        @Option(
            help: ArgumentHelp(
                "Warn the users this long before the due time (default: curfewd's plan, 15m,5m,1m).",
                valueName: "leads"
            )
        )
        var notice: String?

        @Flag(help: "Send no warnings before the due time.")
        var noNotice = false

        @Flag(help: "Rehearse: record everything, terminate nothing, write to no terminal.")
        var dryRun = false

        @Flag(name: [.customShort("y"), .long], help: "Do not ask before ending sessions now.")
        var yes = false

        @OptionGroup var daemon: DaemonOptions

        static let reasonLimit = 500

        func validate() throws {
            switch [!sessions.isEmpty, user != nil, all].filter({ $0 }).count {
            case 0: throw ValidationError("say what to end: --session ID..., --user NAME or --all")
            case 1: break
            default: throw ValidationError("give only one of --session, --user or --all")
            }
            if !sessions.isEmpty, !filter.isEmpty {
                throw ValidationError(
                    "--remote-host, --service, --tty, --class and --type narrow --user or --all, not --session"
                )
            }
            if let bad = sessions.first(where: { !Self.isSessionID($0) }) {
                throw ValidationError("'\(bad)' is not a session id: expected letters and digits such as 12 or c1")
            }
            if user?.isEmpty == true { throw ValidationError("--user needs a user name") }
            try DueTimeValidation.exactlyOne([("--at", at != nil), ("--in", within != nil), ("--now", now)])
            try DueTimeValidation.checkAt(at)
            try DueTimeValidation.checkIn(within)
            if notice != nil, noNotice { throw ValidationError("give either --notice or --no-notice, not both") }
            if now, notice != nil || noNotice {
                throw ValidationError("--now sends only a final notice; --notice and --no-notice go with --at or --in")
            }
            _ = try noticePlan()
            if let reason, reason.count > Self.reasonLimit {
                throw ValidationError("--reason is \(reason.count) characters long; at most \(Self.reasonLimit)")
            }
        }

        func run() async throws {
            let needsConfirmation = now && !dryRun && !yes
            if needsConfirmation, !Console.current.isInteractive {
                throw CommandFailure(
                    "ending sessions now needs confirmation, and standard input is not a terminal: pass --yes to confirm"
                )
            }
            try await daemon.withDaemon { client in
                if now {
                    try await endNow(client, confirming: needsConfirmation)
                } else {
                    let reply = try await client.post(
                        "/v1/terminations",
                        body: try body(at: at, within: within),
                        idempotencyKey: UUID().uuidString
                    )
                    try daemon.show(reply, as: TerminationReply.self) { $0.termination($1) }
                }
            }
        }

        /// The request for a job: `at` and `within` as typed, the notice plan normalised, defaults left to curfewd.
        func body(at: String?, within: String?) throws -> TerminationBody {
            let plan = try noticePlan()
            return TerminationBody(
                target: target,
                at: at,
                within: within,
                reason: reason,
                notices: plan.flatMap { $0.leads.isEmpty ? nil : $0.leads.map(DurationText.format) },
                noNotice: noNotice || plan == NoticePlan.none ? true : nil,
                dryRun: dryRun ? true : nil
            )
        }

        var target: TargetBody {
            guard sessions.isEmpty else { return TargetBody(sessions: sessions) }
            return TargetBody(
                user: user,
                all: all ? true : nil,
                remoteHost: filter.remoteHost,
                service: filter.service,
                tty: filter.tty,
                sessionClass: filter.sessionClass,
                type: filter.type
            )
        }

        private func noticePlan() throws -> NoticePlan? {
            guard let notice else { return nil }
            return try validating { () throws(InputError) in try NoticePlan(parsing: notice) }
        }

        /// logind's ids: letters and digits, as the daemon accepts them in a path.
        static func isSessionID(_ text: String) -> Bool {
            !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
