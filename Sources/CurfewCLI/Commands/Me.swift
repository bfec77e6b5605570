import ArgumentParser

extension Curfewctl {
    /// `curfewctl me` -> `GET /v1/me`; any local user may ask.
    struct Me: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show when your own sessions are scheduled to end, and why.",
            discussion: "Any local user may run this; it shows only your sessions and the terminations that end them."
        )

        @OptionGroup var daemon: DaemonOptions

        func run() async throws {
            let reply = try await daemon.withDaemon { try await $0.get("/v1/me") }
            try daemon.show(reply, as: MeReply.self) { $0.me($1) }
        }
    }
}
