import ArgumentParser

extension Curfewctl {
    /// `curfewctl sessions` -> `GET /v1/sessions`.
    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the login sessions, each with the first termination scheduled to end it."
        )

        @Option(help: "Only this user's sessions.")
        var user: String?

        @Option(help: "Only sessions from this remote host.")
        var remoteHost: String?

        @Option(help: "Only sessions opened by this PAM service (sshd, login, gdm...).")
        var service: String?

        @OptionGroup var page: PageOptions
        @OptionGroup var daemon: DaemonOptions

        func run() async throws {
            let query = [("user", user), ("remote_host", remoteHost), ("service", service)] + page.query
            let reply = try await daemon.withDaemon { try await $0.get("/v1/sessions", query: query) }
            try daemon.show(reply, as: SessionPage.self) { $0.sessions($1) }
        }
    }
}
