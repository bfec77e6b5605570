import ArgumentParser

extension Curfewctl {
    /// `curfewctl status` -> `GET /v1/status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the daemon's version, uptime, pending terminations and the next event."
        )

        @OptionGroup var daemon: DaemonOptions

        func run() async throws {
            let reply = try await daemon.withDaemon { try await $0.get("/v1/status") }
            try daemon.show(reply, as: StatusReply.self) { $0.status($1) }
        }
    }
}
