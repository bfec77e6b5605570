import ArgumentParser
import CurfewCore

extension Curfewctl {
    /// `curfewctl holds` -> `GET /v1/holds`.
    struct Holds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the users kept out of new logins, and until when.",
            discussion: """
                A termination made with --hold or --hold-until (or by a policy with hold:) keeps its users out \
                through the PAM login gate once their sessions end. curfewctl hold lift USER ends a hold early.
                """
        )

        @OptionGroup var daemon: DaemonOptions

        func run() async throws {
            let reply = try await daemon.withDaemon { try await $0.get("/v1/holds") }
            try daemon.show(reply, as: HoldsReply.self) { $0.holds($1) }
        }
    }

    /// `curfewctl hold lift USER`.
    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Act on a hold.",
            subcommands: [Lift.self]
        )

        /// `curfewctl hold lift USER` -> `DELETE /v1/holds/{user}`; audited as hold-lifted.
        struct Lift: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "End a user's hold now, so they may log in again (audited)."
            )

            @Argument(help: "The user whose hold ends.")
            var user: String

            @OptionGroup var daemon: DaemonOptions

            func validate() throws {
                _ = try validating { () throws(InputError) in
                    try GateQuery(user: user, remoteHost: nil, service: "curfewctl")
                }
            }

            func run() async throws {
                let path = "/v1/holds/\(DaemonRequest.percentEncoded(user))"
                let reply = try await daemon.withDaemon { try await $0.delete(path) }
                try daemon.show(reply, as: LiftedReply.self) { $0.lifted($1) }
            }
        }
    }
}
