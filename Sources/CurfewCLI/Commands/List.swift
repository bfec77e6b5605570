import ArgumentParser
import CurfewCore

extension Curfewctl {
    /// `curfewctl list` -> `GET /v1/terminations`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List terminations, newest first.",
            discussion: "States: \(TerminationState.allCases.map(\.rawValue).joined(separator: ", "))."
        )

        @Option(
            help: ArgumentHelp("Only terminations in this state.", valueName: "state"),
            completion: .list(TerminationState.allCases.map(\.rawValue))
        )
        var state: String?

        @Option(help: "Only terminations that name this user.")
        var user: String?

        @OptionGroup var page: PageOptions
        @OptionGroup var daemon: DaemonOptions

        func validate() throws {
            if let state { _ = try validating { () throws(InputError) in try TerminationState(parsing: state) } }
        }

        func run() async throws {
            let query = [("state", state?.lowercased()), ("user", user)] + page.query
            let reply = try await daemon.withDaemon { try await $0.get("/v1/terminations", query: query) }
            try daemon.show(reply, as: TerminationPage.self) { $0.terminations($1) }
        }
    }
}
