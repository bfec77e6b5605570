import ArgumentParser
import CurfewClient
import CurfewCore
import Foundation

extension Curfewctl {
    /// `curfewctl terminate`: schedules the end of sessions (`POST /v1/terminations`), or ends them now
    /// (`DELETE /v1/sessions/{id}`, `DELETE /v1/sessions?user=`, or a job due "now" for what DELETE cannot say).
    struct Terminate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule the end of login sessions, or end them now.",
            discussion: """
                Name what to end with exactly one of --session, --user, --group or --all, and when with exactly \
                one of --at, --in or --now. --group ends the sessions of the group's members as they are at the due \
                time (supplementary members and users whose primary group it is); the group must exist when the \
                termination is scheduled. Protected users (root, and the configured break-glass accounts) are never \
                terminated; naming one is refused. The users are warned on their terminals when the termination \
                is scheduled, at each notice step, and when it fires.

                --now asks "End N session(s) of ... now? [y/N]" when standard input is a terminal; --yes answers \
                for you, and is required when there is no terminal. Each invocation sends its own Idempotency-Key, \
                so a request retried after a timeout cannot queue two jobs.

                Examples:
                  curfewctl terminate --user alice --at 'tomorrow 18:00' --reason offboarding
                  curfewctl terminate --session 12 14 --in 30m --notice 10m,1m
                  curfewctl terminate --all --service sshd --at 22:00 --reason maintenance
                  curfewctl terminate --group students --at 18:00 --reason 'lab closes'
                  curfewctl terminate --user mallory --now --yes --reason 'incident 4711'
                  curfewctl terminate --user alice --at 18:00 --fleet --label students --reason offboarding
                  curfewctl terminate --user bob --now --yes --hold 2h --reason 'account review'

                --fleet writes one fleet job instead (fleet mode): every host in scope (--hosts, --label, or \
                every host) copies it into its own queue and fires it on its own timer; `curfewctl fleet show ID` \
                tells how each host got on.

                --hold keeps the users out of new logins for that long after their sessions end, \
                --hold-until until a time (read as --at is); this needs the PAM login gate \
                (scripts/install --pam). curfewctl holds lists the holds, curfewctl hold lift USER ends one.

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

        @Option(
            help: ArgumentHelp(
                "End every session of this Unix group's members (looked up at the due time).",
                valueName: "name"
            )
        )
        var group: String?

        @Flag(help: "End every session of every unprotected user at the due time.")
        var all = false

        @OptionGroup(title: "Filters for --user, --group and --all")
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

        @Option(
            help: ArgumentHelp(
                "Keep the users out of new logins this long after their sessions end (2h, 1d).",
                valueName: "duration"
            )
        )
        var hold: String?

        @Option(
            help: ArgumentHelp("Keep the users out of new logins until this time (as --at).", valueName: "time")
        )
        var holdUntil: String?

        @Flag(name: [.customShort("y"), .long], help: "Do not ask before ending sessions now.")
        var yes = false

        @Flag(help: "Write a fleet job for many hosts instead of a job on this one (needs fleet mode).")
        var fleet = false

        @Option(
            help: ArgumentHelp("With --fleet: only these hosts (ids or names, comma-separated).", valueName: "hosts")
        )
        var hosts: String?

        @Option(help: ArgumentHelp("With --fleet: only hosts with this label.", valueName: "label"))
        var label: String?

        @OptionGroup var daemon: DaemonOptions

        /// The key the quick path sent this request under, when it hands it over without knowing what became of it.
        static let idempotencyKeyVariable = "CURFEWCTL_IDEMPOTENCY_KEY"

        /// The command line as the quick path reads it too: one set of checks and one request body for both.
        var request: TerminateRequest {
            var request = TerminateRequest()
            request.sessions = sessions
            request.user = user
            request.group = group
            request.all = all
            request.remoteHost = filter.remoteHost
            request.service = filter.service
            request.tty = filter.tty
            request.sessionClass = filter.sessionClass
            request.type = filter.type
            request.at = at
            request.within = within
            request.now = now
            request.reason = reason
            request.notice = notice
            request.noNotice = noNotice
            request.dryRun = dryRun
            request.hold = hold
            request.holdUntil = holdUntil
            return request
        }

        func validate() throws {
            if let problem = request.problem() { throw ValidationError(problem) }
            try validateFleet()
        }

        func run() async throws {
            let needsConfirmation = now && !dryRun && !yes
            if needsConfirmation, !Console.current.isInteractive {
                throw CommandFailure(
                    "ending sessions now needs confirmation, and standard input is not a terminal: pass --yes to confirm"
                )
            }
            try await daemon.withDaemon { client in
                if fleet {
                    let reply = try await client.post("/v1/fleet/terminations", body: try fleetBody())
                    try daemon.show(reply, as: FleetJobReply.self) { $0.fleetJob($1) }
                } else if now {
                    try await endNow(client, confirming: needsConfirmation)
                } else {
                    let reply = try await client.post(
                        "/v1/terminations",
                        body: try body(at: at, within: within),
                        idempotencyKey: Console.current.environment[Self.idempotencyKeyVariable] ?? UUID().uuidString
                    )
                    try daemon.show(reply, as: TerminationReply.self) { $0.termination($1) }
                }
            }
        }

        /// The request for a job, with `at` and `within` as given (ending now is a job due "now").
        func body(at: String?, within: String?) throws -> TerminationBody {
            var request = self.request
            request.at = at
            request.within = within
            return request.body()
        }

        private func validateFleet() throws {
            guard fleet else {
                if hosts != nil || label != nil { throw ValidationError("--hosts and --label go with --fleet") }
                return
            }
            if !sessions.isEmpty {
                throw ValidationError("--fleet takes --user or --all: session ids mean nothing on other hosts")
            }
            if group != nil { throw ValidationError("--fleet takes --user or --all, not --group") }
            if now || dryRun { throw ValidationError("--fleet goes with --at or --in, not with --now or --dry-run") }
            if hosts != nil, label != nil { throw ValidationError("give --hosts or --label, not both") }
            if let hosts, Self.hostList(hosts).isEmpty { throw ValidationError("--hosts needs host ids or names") }
        }

        static func hostList(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func fleetBody() throws -> FleetTerminationBody {
            let local = try body(at: at, within: within)
            return FleetTerminationBody(
                target: local.target,
                at: local.at,
                within: local.within,
                reason: local.reason,
                notices: local.notices,
                noNotice: local.noNotice,
                hosts: hosts.map(Self.hostList),
                label: label
            )
        }
    }
}
