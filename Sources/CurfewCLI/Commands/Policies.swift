import ArgumentParser

extension Curfewctl {
    /// `curfewctl policies` -> `GET /v1/policies`.
    struct Policies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the standing policies: what each watches, the sessions in its scope and its next action."
        )

        @OptionGroup var daemon: DaemonOptions

        func run() async throws {
            let reply = try await daemon.withDaemon { try await $0.get("/v1/policies") }
            try daemon.show(reply, as: PoliciesReply.self) { $0.policies($1) }
        }
    }
}
