import ArgumentParser
import CurfewClient
import CurfewCore

extension Curfewctl {
    /// `curfewctl reschedule ID --at TIME | --in DURATION` -> `PATCH /v1/terminations/{id}`.
    struct Reschedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a scheduled termination to a new due time; the affected sessions are told.",
            discussion: DueTimeParser.acceptedForms
        )

        @Argument(help: "The termination's id, as `list` shows it.")
        var id: String

        @Option(help: ArgumentHelp("The new due time, read by curfewd in its time zone.", valueName: "time"))
        var at: String?

        @Option(name: .customLong("in"), help: ArgumentHelp("The new due time, from now.", valueName: "duration"))
        var within: String?

        @OptionGroup var daemon: DaemonOptions

        func validate() throws {
            _ = try terminationID(id)
            try DueTimeValidation.exactlyOne([("--at", at != nil), ("--in", within != nil)])
            try DueTimeValidation.checkAt(at)
            try DueTimeValidation.checkIn(within)
        }

        func run() async throws {
            let path = "/v1/terminations/\(try terminationID(id))"
            let body = RescheduleBody(at: at, within: within)
            let reply = try await daemon.withDaemon { try await $0.patch(path, body: body) }
            try daemon.show(reply, as: TerminationReply.self) { $0.termination($1) }
        }
    }
}
