import CurfewClient
import ArgumentParser

extension Curfewctl {
    /// `curfewctl cancel ID` -> `DELETE /v1/terminations/{id}`.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a scheduled termination; the affected sessions are told.",
            discussion: "Only a scheduled termination can be cancelled; any other state is refused (exit 1)."
        )

        @Argument(help: "The termination's id, as `list` shows it.")
        var id: String

        @OptionGroup var daemon: DaemonOptions

        func validate() throws {
            _ = try terminationID(id)
        }

        func run() async throws {
            let path = "/v1/terminations/\(try terminationID(id))"
            let reply = try await daemon.withDaemon { try await $0.delete(path) }
            try daemon.show(reply, as: TerminationReply.self) { $0.termination($1) }
        }
    }
}
