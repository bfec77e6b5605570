import Foundation
import Testing

@testable import CurfewCLI

/// `curfewctl events` and the event parts of `curfewctl status`.
@Suite struct EventsCommandTests {
    @Test func aPageIsATableOldestFirstAskedFromTheOldestKept() async throws {
        let page = """
            {"events": [\(Samples.event(7, "termination.scheduled", "termination 42 (user alice) for 2026-11-25T17:00:00.000Z, by root")),
            \(Samples.event(8, "termination.cancelled", "termination 42 (user alice) cancelled by root"))],
            "last_id": 8, "newest_id": 8, "gap": null}
            """
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: page)])
        defer { daemon.stop() }
        let (status, terminal) = await run([
            "events", "--type", "termination.scheduled,termination.cancelled", "--socket", daemon.socketPath,
        ])
        #expect(status == 0)
        #expect(
            terminal.out == """
                ID  AT                                         TYPE                   SUMMARY
                 7  2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  termination.scheduled  termination 42 (user alice) for 2026-11-25T17:00:00.000Z, by root
                 8  2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  termination.cancelled  termination 42 (user alice) cancelled by root

                """
        )
        #expect(
            daemon.requests.map(\.target) == [
                "/v1/events?since=0&type=termination.scheduled%2Ctermination.cancelled&limit=100"
            ]
        )
        #expect(daemon.requests.first?.headers["accept"] == "application/json")
    }

    @Test func followPrintsEventsAsTheyComeAndResumesAfterTheLastOneWhenTheStreamEnds() async throws {
        let stream = """
            : curfew events after 6
            retry: 2000

            id: 7
            event: termination.scheduled
            data: \(Samples.event(7, "termination.scheduled", "termination 42 (user alice) scheduled"))

            : keepalive

            id: 8
            event: notice.sent
            data: \(Samples.event(8, "notice.sent", "termination 42 (user alice): notice 'scheduled' sent"))


            """
        let daemon = try FakeDaemon(replies: [
            .init(status: 200, body: stream, headers: ["Content-Type": "text/event-stream"]),
            .init(status: 403, body: Samples.error("forbidden", "dave (uid 1003) may only read their own events")),
        ])
        defer { daemon.stop() }
        let (status, terminal) = await run(["events", "--follow", "--user", "alice", "--socket", daemon.socketPath])
        #expect(status == 1)
        #expect(
            terminal.out == """
                #7  2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  termination.scheduled  termination 42 (user alice) scheduled
                #8  2026-11-25 15:56:00 +01:00 (14:56:00 UTC)  notice.sent  termination 42 (user alice): notice 'scheduled' sent

                """
        )
        #expect(
            terminal.err == """
                curfewctl: the event stream ended; reconnecting after event 8
                curfewctl: dave (uid 1003) may only read their own events

                """
        )
        let requests = daemon.requests
        #expect(requests.map(\.target) == ["/v1/events?user=alice", "/v1/events?since=8&user=alice"])
        #expect(requests.map { $0.headers["last-event-id"] } == [nil, "8"])
        #expect(requests.first?.headers["accept"] == "text/event-stream")
    }

    @Test func followWithJsonPrintsEachEventsJSONOnALine() async throws {
        let event = Samples.event(3, "session.terminated", "session 12 of alice terminated (termination 42)")
        let daemon = try FakeDaemon(replies: [
            .init(status: 200, body: ": curfew events after 2\n\nid: 3\nevent: session.terminated\ndata: \(event)\n\n"),
            .init(status: 400, body: Samples.error("bad_request", "stop")),
        ])
        defer { daemon.stop() }
        let (_, terminal) = await run(["events", "--follow", "--json", "--since", "2", "--socket", daemon.socketPath])
        #expect(terminal.out == event + "\n")
    }

    @Test(arguments: [
        (["events", "--type", "termination.exploded"], "'termination.exploded' is not an event type"),
        (["events", "--since=-3"], "--since is -3"),
        (["events", "--limit", "0"], "--limit is 0"),
    ])
    func badOptionsAreUsageErrors(arguments: [String], message: String) async {
        let (status, terminal) = await run(arguments)
        #expect(status == 2)
        #expect(terminal.err.contains(message), "\(terminal.err)")
    }

    @Test func statusShowsEachWebhooksDeliveriesAndLastErrorMadeSafe() throws {
        let status = try DaemonReply(status: 200, body: Data(Samples.statusWithWebhooks.utf8)).decode(StatusReply.self)
        let lines = testRendering.status(status).split(separator: "\n").suffix(2)
        #expect(
            Array(lines) == [
                "events: newest #120, kept 30d",
                "webhook https://chat.example.com/hook: 3 pending, 117 delivered, 1 failed; last delivered 7 min ago; "
                    + "last error 1 min ago: HTTP 500 Internal Server Error",
            ]
        )
    }
}
