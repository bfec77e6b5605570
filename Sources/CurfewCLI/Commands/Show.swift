import CurfewClient
import ArgumentParser

extension Curfewctl {
    /// `curfewctl show ID` -> `GET /v1/terminations/{id}`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one termination: its fields, what became of each session, and its history."
        )

        @Argument(help: "The termination's id, as `list` shows it.")
        var id: String

        @OptionGroup var daemon: DaemonOptions

        func validate() throws {
            _ = try terminationID(id)
        }

        func run() async throws {
            let path = "/v1/terminations/\(try terminationID(id))"
            let reply = try await daemon.withDaemon { try await $0.get(path) }
            try daemon.show(reply, as: TerminationReply.self) { $0.terminationDetail($1) }
        }
    }
}
