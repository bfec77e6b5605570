import CurfewClient
import Foundation
import Testing

@testable import CurfewCLI
@testable import CurfewQuick

#if canImport(Glibc)
import Glibc
#endif

/// curfewctl's quick path: the command lines it answers itself send what the full command sends and print what it
/// prints; everything else, and every failure, goes to the full command.
@Suite struct QuickPathTests {
    /// `testZone` (+01:00 by offset) as the C library would break an instant down.
    static let rendering = LocalTimeRendering(now: testNow, zoneName: testZone.identifier) { seconds in
        var shifted = seconds + 3600
        var broken = tm()
        gmtime_r(&shifted, &broken)
        broken.tm_gmtoff = 3600
        return broken
    }

    static let line = [
        "terminate", "--user", "alice", "--service", "sshd", "--at", "18:00", "--reason", "offboarding", "--notice",
        "15m,5m",
    ]

    @Test func aJobAtATimeIsSentAsTheFullCommandSendsIt() async throws {
        let quick = try FakeDaemon(replies: [.init(status: 201, body: Samples.created)])
        defer { quick.stop() }
        let full = try FakeDaemon(replies: [.init(status: 201, body: Samples.created)])
        defer { full.stop() }
        let outcome = QuickCurfewctl.run(Self.line + ["--socket", quick.socketPath], environment: [:], now: testNow)
        guard case .done(_, let status) = outcome else {
            Issue.record("the quick path handed over: \(outcome)")
            return
        }
        #expect(status == 0)
        _ = await run(Self.line + ["--socket", full.socketPath])
        let sent = try #require(quick.requests.first)
        let expected = try #require(full.requests.first)
        #expect(sent.method == expected.method && sent.target == expected.target && sent.body == expected.body)
        #expect(sent.headers["content-type"] == "application/json")
        #expect(UUID(uuidString: try #require(sent.headers["idempotency-key"])) != nil)
    }

    @Test func theJobIsPrintedAsTheFullCommandPrintsIt() throws {
        for sample in [Samples.created, Samples.scheduled] {
            let job = try APIJSON.decoder.decode(TerminationReply.self, from: Data(sample.utf8))
            #expect(Self.rendering.termination(job) == testRendering.termination(job))
        }
    }

    @Test func utcIsWrittenAsTheFullCommandWritesIt() {
        let instant = Date(timeIntervalSince1970: 1_795_618_620.75)
        let utc = LocalTimeRendering(now: testNow, zoneName: "Etc/UTC") { seconds in
            var seconds = seconds
            var broken = tm()
            gmtime_r(&seconds, &broken)
            return broken
        }
        #expect(
            utc.absolute(instant) == Rendering(now: testNow, timeZone: TimeZone(identifier: "UTC")!).absolute(instant)
        )
        #expect(Self.rendering.absolute(instant) == testRendering.absolute(instant))
        #expect(LocalTimeRendering.offset(-12_600) == "-03:30")
    }

    @Test func theZoneIsNamedAsFoundationNamesIt() {
        #expect(LocalTimeRendering.zoneName(tz: ":Europe/Berlin", localtime: nil) == "Europe/Berlin")
        #expect(LocalTimeRendering.zoneName(tz: "/usr/share/zoneinfo/Etc/UTC", localtime: nil) == "Etc/UTC")
        #expect(LocalTimeRendering.zoneName(tz: nil, localtime: "/usr/share/zoneinfo/Europe/London") == "Europe/London")
        #expect(LocalTimeRendering.zoneName(tz: "", localtime: nil) == "UTC")
    }

    @Test(arguments: [
        ["status"],
        ["terminate", "--user", "alice", "--now", "--yes"],
        ["terminate", "--user", "alice", "--at", "18:00", "--fleet"],
        ["terminate", "--user", "alice", "--at", "18:00", "--help"],
        ["terminate", "--user", "alice", "--at", "18:00", "-y"],
        ["terminate", "--user", "alice", "--user", "bob", "--at", "18:00"],
        ["terminate", "--user", "alice", "--in", "5 minutes"],
        ["terminate", "--user", "alice", "--at", "now"],
        ["terminate", "--user", "alice", "--at", "18:00", "--notice", "5m,5m"],
        ["terminate", "--session", "12", "--tty", "pts/1", "--in", "5m"],
        ["terminate", "--user", "alice", "--reason", "-x", "--in", "5m"],
        ["terminate", "extra", "--user", "alice", "--in", "5m"],
        ["pam-account", "--yes"],
    ])
    func whatItDoesNotKnowForCertainIsTheFullCommands(_ line: [String]) {
        #expect(QuickCurfewctl.run(line, environment: [:], now: testNow) == .full(environment: [:]))
    }

    @Test func aRefusedRequestIsHandedOverWithItsIdempotencyKey() throws {
        let daemon = try FakeDaemon(replies: [.init(status: 422, body: Samples.error("invalid", "18:00 is bad"))])
        defer { daemon.stop() }
        let outcome = QuickCurfewctl.run(Self.line + ["--socket", daemon.socketPath], environment: [:], now: testNow)
        let key = try #require(daemon.requests.first?.headers["idempotency-key"])
        #expect(outcome == .full(environment: ["CURFEWCTL_IDEMPOTENCY_KEY": key]))
        #expect(Curfewctl.Terminate.idempotencyKeyVariable == "CURFEWCTL_IDEMPOTENCY_KEY")
    }

    @Test func anUnreachableDaemonIsHandedOver() {
        let outcome = QuickCurfewctl.run(
            Self.line + ["--socket", "/nonexistent/curfewd.sock"],
            environment: [:],
            now: testNow
        )
        guard case .full(let environment) = outcome else {
            Issue.record("answered without a daemon: \(outcome)")
            return
        }
        #expect(environment["CURFEWCTL_IDEMPOTENCY_KEY"] != nil)
    }

    @Test func theGateAnswersAsTheFullCommandDoes() throws {
        let login = ["PAM_USER": "alice", "PAM_RHOST": "192.0.2.7", "PAM_SERVICE": "sshd"]
        let refused = try FakeDaemon(replies: [
            .init(status: 200, body: #"{"allowed": false, "message": "Held\u001b[2J until 18:00", "rule": "hold"}"#)
        ])
        defer { refused.stop() }
        #expect(
            QuickCurfewctl.run(["pam-account", "--socket", refused.socketPath], environment: login, now: testNow)
                == .done(output: "Held until 18:00", status: 1)
        )
        #expect(refused.requests.first?.body == #"{"remote_host":"192.0.2.7","service":"sshd","user":"alice"}"#)
        let allowed = try FakeDaemon(replies: [.init(status: 200, body: #"{"allowed": true}"#)])
        defer { allowed.stop() }
        #expect(
            QuickCurfewctl.run(
                ["pam-account", "--config", "/nonexistent", "--socket", allowed.socketPath],
                environment: login,
                now: testNow
            ) == .done(output: "", status: 0)
        )
        #expect(
            QuickCurfewctl.run(
                ["pam-account", "--socket", "/nonexistent/curfewd.sock"],
                environment: login,
                now: testNow
            )
                == .full(environment: [:])
        )
        #expect(
            QuickCurfewctl.run(["pam-account"], environment: ["PAM_SERVICE": "systemd-user"], now: testNow)
                == .done(output: "", status: 0)
        )
    }

    @Test func theWhyMessagesAreShownAtTheLoginAsTheFullCommandShowsThem() throws {
        let opening = ["PAM_USER": "alice", "PAM_SERVICE": "sshd", "PAM_TYPE": "open_session"]
        let daemon = try FakeDaemon(replies: [
            .init(status: 200, body: #"{"user": "alice", "messages": ["Your session\u001b[2J was ended", "Another"]}"#)
        ])
        defer { daemon.stop() }
        #expect(
            QuickCurfewctl.run(["pam-session", "--socket", daemon.socketPath], environment: opening, now: testNow)
                == .done(output: "Your session was ended\nAnother", status: 0)
        )
        #expect(daemon.requests.first?.target == "/v1/gate/session")
        var closing = opening
        closing["PAM_TYPE"] = "close_session"
        #expect(QuickCurfewctl.run(["pam-session"], environment: closing, now: testNow) == .done(output: "", status: 0))
        #expect(
            QuickCurfewctl.run(
                ["pam-session", "--socket", "/nonexistent/curfewd.sock"],
                environment: opening,
                now: testNow
            )
                == .full(environment: [:])
        )
    }

    @Test func theFullCommandIsLookedForBesideThisOneThenInLibexec() {
        #expect(
            FullCurfewctl.candidates(beside: "/usr/bin/curfewctl") == [
                "/usr/bin/curfewctl-full", "/usr/bin/../libexec/curfew/curfewctl-full",
            ]
        )
    }
}
