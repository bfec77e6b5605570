import ArgumentParser
import CurfewClient
import CurfewCore
import Foundation

extension Curfewctl {
    /// `curfewctl events` -> `GET /v1/events`, a page as JSON or, with --follow, the Server-Sent Events stream.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what curfew did: terminations scheduled, notices sent, sessions ended...",
            discussion: """
                Without --follow, shows the events after --since (default: the oldest kept), oldest first. With \
                --follow, prints each new event as it happens (after --since, if given) until interrupted; when \
                curfewd restarts it reconnects and resumes after the last event printed, so none is missed or \
                printed twice. Users other than root and the admin group see only events about themselves.

                Types: \(EventKind.accepted).
                """
        )

        @Flag(help: "Keep printing new events as they happen.")
        var follow = false

        @Option(help: ArgumentHelp("Only events after this id.", valueName: "id"))
        var since: Int64?

        @Option(
            name: .customLong("type"),
            help: ArgumentHelp("Only events of this type (repeat, or separate with commas).", valueName: "type"),
            completion: .list(EventKind.allCases.map(\.rawValue))
        )
        var types: [String] = []

        @Option(help: "Only events concerning this user.")
        var user: String?

        @Option(help: "Without --follow: at most this many events, 1 to 1000.")
        var limit = 100

        @OptionGroup var daemon: DaemonOptions

        /// How long --follow keeps trying to reach a curfewd that went away (restarting) before giving up.
        static let reconnectWindow: TimeInterval = 60

        func validate() throws {
            if let since, since < 0 { throw ValidationError("--since is \(since); expected an event id, 0 or more") }
            guard (1...1000).contains(limit) else {
                throw ValidationError("--limit is \(limit); expected a number from 1 to 1000")
            }
            _ = try validating { () throws(InputError) in try EventKind.parseList(types) }
        }

        var query: [(String, String?)] {
            [("type", types.isEmpty ? nil : types.joined(separator: ",")), ("user", user)]
        }

        func run() async throws {
            if follow {
                try await followStream()
                return
            }
            let query = [("since", String(since ?? 0))] + self.query + [("limit", String(limit))]
            let reply = try await daemon.withDaemon { try await $0.get("/v1/events", query: query) }
            let page = try daemon.show(reply, as: EventPage.self) { $0.events($1) }
            if let gap = page.gap, !daemon.json {
                Console.current.printError("curfewctl: note: \(TerminalText.sanitize(gap.message))")
            }
        }

        /// Streams until interrupted, reconnecting after the last event seen whenever the stream ends.
        private func followStream() async throws {
            let console = Console.current
            var last = since
            var unreachableSince: Date?
            while true {
                do {
                    try await DaemonClient.with(socketPath: daemon.socketPath, replyTimeout: .seconds(60)) { client in
                        let request = DaemonRequest(
                            method: .GET,
                            path: "/v1/events",
                            query: last == nil ? query : [("since", String(last!))] + query,
                            lastEventID: last
                        )
                        try await client.stream(request) { frame in
                            unreachableSince = nil
                            last = try show(frame, on: console) ?? last
                        }
                    }
                    console.printError("curfewctl: the event stream ended; reconnecting after event \(last ?? 0)")
                } catch let failure as CommandFailure where failure.exitCode == .unreachable {
                    let start = unreachableSince ?? console.now()
                    unreachableSince = start
                    guard console.now().timeIntervalSince(start) < Self.reconnectWindow else { throw failure }
                }
                try await Task.sleep(for: .seconds(1))
            }
        }

        /// Prints one frame; returns the id to resume after, when the frame moves it.
        private func show(_ frame: ServerSentEvent, on console: Console) throws -> Int64? {
            // The stream's first comment says where it starts, so a reconnect resumes there even before any event.
            let start = frame.comments.lazy.compactMap { comment -> Int64? in
                guard comment.hasPrefix("curfew events after ") else { return nil }
                return Int64(comment.dropFirst("curfew events after ".count))
            }.first
            switch frame.event {
            case "gap":
                if let gap = try? APIJSON.decoder.decode(EventPage.Gap.self, from: Data(frame.data.utf8)) {
                    console.printError("curfewctl: note: \(TerminalText.sanitize(gap.message))")
                }
                return start
            case nil:
                return start
            default:
                guard let id = frame.id.flatMap({ Int64($0) }) else { return start }
                if daemon.json {
                    console.print(frame.data)
                } else {
                    let event = try DaemonReply(status: 200, body: Data(frame.data.utf8)).decode(EventReply.self)
                    console.print(console.rendering.event(event))
                }
                return id
            }
        }
    }
}
