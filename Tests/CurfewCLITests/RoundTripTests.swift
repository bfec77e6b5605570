import CurfewClient
import Foundation
import Testing

@testable import CurfewCLI

/// curfewctl against a fake curfewd on a real Unix socket: what it sends, what it prints, how it exits.
@Suite struct RoundTripTests {
    @Test func terminateSendsOneJobWithAnIdempotencyKeyAndPrintsItWithTheDaemonsNotes() async throws {
        let daemon = try FakeDaemon(replies: [
            .init(status: 201, body: Samples.created, headers: ["Location": "/v1/terminations/42"])
        ])
        defer { daemon.stop() }
        let (status, terminal) = await run([
            "terminate", "--user", "alice", "--service", "sshd", "--at", "18:00", "--reason", "offboarding",
            "--notice", "15m,5m", "--socket", daemon.socketPath,
        ])
        #expect(status == 0)
        #expect(terminal.err == "")
        #expect(
            terminal.out == """
                termination 42: scheduled
                  target   user alice (service sshd)
                  due      2026-11-25 18:00:00 +01:00 (17:00:00 UTC), in 2 h 3 min
                  reason   offboarding
                  notices  15m, 5m before; next at 2026-11-25 17:45:00 +01:00 (16:45:00 UTC)
                  created  2026-11-25 15:57:00 +01:00 (14:57:00 UTC) by root (uid 0, pid 1234)
                note: 18:00 has passed today; taken as tomorrow

                """
        )
        let request = try #require(daemon.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/terminations")
        #expect(request.headers["content-type"] == "application/json")
        #expect(
            request.body
                == #"{"at":"18:00","notices":["15m","5m"],"reason":"offboarding","target":{"service":"sshd","user":"alice"}}"#
        )
        let key = try #require(request.headers["idempotency-key"])
        #expect(UUID(uuidString: key) != nil)
    }

    @Test func jsonPrintsTheReplyAsItCame() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: Samples.status)])
        defer { daemon.stop() }
        let (status, terminal) = await run(["status", "--json", "--socket", daemon.socketPath])
        #expect(status == 0)
        #expect(terminal.out == Samples.status + "\n")
        #expect(daemon.requests.map(\.target) == ["/v1/status"])
    }

    @Test func aRefusalExitsOneWithTheDaemonsMessageMadeSafe() async throws {
        let message = #"'root' is protected and is never terminated\u001b[2J"#
        let daemon = try FakeDaemon(replies: [.init(status: 422, body: Samples.error("invalid", message))])
        defer { daemon.stop() }
        let (status, terminal) = await run(["terminate", "--user", "root", "--in", "1h", "--socket", daemon.socketPath])
        #expect(status == 1)
        #expect(terminal.err == "curfewctl: 'root' is protected and is never terminated\n")
        #expect(terminal.out == "")
    }

    @Test func endingASessionNowUsesDeleteAndAFailedOutcomeExitsOne() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: Samples.failed)])
        defer { daemon.stop() }
        let (status, terminal) = await run([
            "terminate", "--session", "12", "--now", "--yes", "--reason", "incident 4711", "--socket",
            daemon.socketPath,
        ])
        #expect(status == 1)
        #expect(
            daemon.requests.map { "\($0.method) \($0.target)" } == ["DELETE /v1/sessions/12?reason=incident%204711"]
        )
        #expect(terminal.out.hasPrefix("termination 43: failed\n"))
        #expect(terminal.err == "curfewctl: termination 43 failed: see each session's error (curfewctl show 43)\n")
    }

    @Test func endingAUsersSessionsNowAsksFirstWithTheSessionsCounted() async throws {
        let daemon = try FakeDaemon(replies: [
            .init(
                status: 200,
                body:
                    #"{"sessions": [\#(Samples.alicesSSHSession), \#(Samples.alicesLocalSession)], "total": 2, "limit": 1000, "offset": 0}"#
            ),
            .init(status: 200, body: Samples.completed),
        ])
        defer { daemon.stop() }
        let (status, terminal) = await run(
            ["terminate", "--user", "alice", "--now", "--socket", daemon.socketPath],
            interactive: true,
            answers: ["y"]
        )
        #expect(status == 0)
        #expect(terminal.err == "End 2 session(s) of alice now? [y/N] ")
        #expect(
            daemon.requests.map { "\($0.method) \($0.target)" } == [
                "GET /v1/sessions?user=alice&limit=1000", "DELETE /v1/sessions?user=alice",
            ]
        )
        #expect(terminal.out.hasPrefix("termination 44: completed\n"))
    }

    @Test func anAnswerOtherThanYesEndsNothing() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: Samples.sessions)])
        defer { daemon.stop() }
        let (status, terminal) = await run(
            ["terminate", "--all", "--service", "sshd", "--now", "--socket", daemon.socketPath],
            interactive: true,
            answers: ["n"]
        )
        #expect(status == 1)
        #expect(
            terminal.err == "End 1 session(s) of all users (service sshd) now? [y/N] "
                + "curfewctl: not confirmed; nothing was ended\n"
        )
        #expect(daemon.requests.map(\.target) == ["/v1/sessions?service=sshd&limit=1000"])
    }

    @Test func withoutATerminalEndingSessionsNowNeedsYes() async {
        let (status, terminal) = await run(["terminate", "--user", "alice", "--now", "--socket", "/nonexistent"])
        #expect(status == 1)
        #expect(
            terminal.err
                == "curfewctl: ending sessions now needs confirmation, and standard input is not a terminal: pass --yes to confirm\n"
        )
    }

    @Test func endingEverythingNowIsAJobDueNow() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 201, body: Samples.completed)])
        defer { daemon.stop() }
        let (status, _) = await run(["terminate", "--all", "--now", "--yes", "--socket", daemon.socketPath])
        #expect(status == 0)
        let request = try #require(daemon.requests.first)
        #expect(request.method == "POST")
        #expect(request.body == #"{"at":"now","target":{"all":true}}"#)
        #expect(request.headers["idempotency-key"] != nil)
    }

    @Test func rescheduleAndCancelAddressTheTermination() async throws {
        let daemon = try FakeDaemon(replies: [
            .init(status: 200, body: Samples.scheduled), .init(status: 200, body: Samples.scheduled),
        ])
        defer { daemon.stop() }
        #expect(await run(["reschedule", "42", "--in", "2h", "--socket", daemon.socketPath]).status == 0)
        #expect(await run(["cancel", "42", "--socket", daemon.socketPath]).status == 0)
        #expect(
            daemon.requests.map { "\($0.method) \($0.target) \($0.body)" } == [
                #"PATCH /v1/terminations/42 {"in":"2h"}"#, "DELETE /v1/terminations/42 ",
            ]
        )
    }
}

/// The Idempotency-Key's purpose: a POST whose reply was lost is sent again with the same key, so the daemon can
/// answer with the job it made instead of making a second.
@Suite struct IdempotentRetryTests {
    @Test func aPostWithoutAReplyIsRetriedOnceWithTheSameKey() async throws {
        let daemon = try FakeDaemon(replies: [.none, .init(status: 201, body: Samples.created)])
        defer { daemon.stop() }
        let reply = try await DaemonClient.with(socketPath: daemon.socketPath, replyTimeout: .milliseconds(300)) {
            try await $0.post("/v1/terminations", body: RescheduleBody(within: "1h"), idempotencyKey: "key-1")
        }
        #expect(reply.status == 201)
        #expect(daemon.requests.count == 2)
        #expect(daemon.requests.map { $0.headers["idempotency-key"] } == ["key-1", "key-1"])
        #expect(daemon.requests.map(\.body) == [#"{"in":"1h"}"#, #"{"in":"1h"}"#])
    }

    @Test func aRequestWithoutAKeyIsNotRetried() async throws {
        let daemon = try FakeDaemon(replies: [.none])
        defer { daemon.stop() }
        let error = await #expect(throws: CommandFailure.self) {
            try await DaemonClient.with(socketPath: daemon.socketPath, replyTimeout: .milliseconds(300)) {
                try await $0.delete("/v1/sessions/12")
            }
        }
        #expect(error?.exitCode == .unreachable)
        #expect(daemon.requests.count == 1)
    }
}
