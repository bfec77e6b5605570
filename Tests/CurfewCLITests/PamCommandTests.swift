import Foundation
import Testing

@testable import CurfewCLI

/// `curfewctl pam-account` and `pam-session` as pam_exec runs them: PAM's items in the environment, the answer on
/// standard output and in the exit status, and `login_gate.on_error` when curfewd cannot answer.
@Suite struct PamCommandTests {
    static let alice = ["PAM_USER": "alice", "PAM_RHOST": "10.0.0.5", "PAM_SERVICE": "sshd", "PAM_TYPE": "account"]

    /// A configuration file with `text`, removed by the caller.
    static func config(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-pam-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aRefusalPrintsTheReasonAndExitsOne() async throws {
        let message = "Your sessions were ended by root (offboarding); you may log in again at 18:00.\u{1b}[2J"
        let body =
            #"{"allowed":false,"message":"\#(message.replacingOccurrences(of: "\u{1b}", with: "\\u001b"))","rule":"hold"}"#
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: body)])
        defer { daemon.stop() }
        let config = try Self.config("")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let (status, terminal) = await run(
            ["pam-account", "--config", config, "--socket", daemon.socketPath],
            environment: Self.alice
        )
        #expect(status == 1)
        #expect(terminal.out == "Your sessions were ended by root (offboarding); you may log in again at 18:00.\n")
        #expect(daemon.requests.first?.target == "/v1/gate")
        #expect(daemon.requests.first?.body == #"{"remote_host":"10.0.0.5","service":"sshd","user":"alice"}"#)
    }

    @Test func anAllowedLoginPrintsNothing() async throws {
        let daemon = try FakeDaemon(replies: [.init(status: 200, body: #"{"allowed":true}"#)])
        defer { daemon.stop() }
        let (status, terminal) = await run(["pam-account", "--socket", daemon.socketPath], environment: Self.alice)
        #expect(status == 0)
        #expect(terminal.out == "")
    }

    @Test func curfewdUnreachableFollowsOnError() async throws {
        let missing = "/tmp/curfewctl-test-none-\(UUID().uuidString.prefix(8)).sock"
        for (setting, expected) in [("allow", Int32(0)), ("deny", 1)] {
            let config = try Self.config("login_gate: {on_error: \(setting)}\n")
            defer { try? FileManager.default.removeItem(atPath: config) }
            let (status, terminal) = await run(
                ["pam-account", "--config", config, "--socket", missing],
                environment: Self.alice
            )
            #expect(status == expected, "on_error \(setting)")
            #expect(
                terminal.out
                    == (setting == "deny" ? "Logins are refused while curfew cannot be asked; try again later.\n" : "")
            )
        }
    }

    @Test func aSlowCurfewdIsGivenUpOnWithinTheBudget() async throws {
        let daemon = try FakeDaemon(replies: [.none])
        defer { daemon.stop() }
        let config = try Self.config("login_gate: {on_error: deny}\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let started = ContinuousClock.now
        let (status, _) = await run(
            ["pam-account", "--config", config, "--socket", daemon.socketPath],
            environment: Self.alice
        )
        #expect(status == 1)
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func protectedUsersAndTheUserManagerGetInWithoutAsking() async throws {
        let config = try Self.config("protected_users: [ops]\nlogin_gate: {on_error: deny}\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let missing = "/tmp/curfewctl-test-none.sock"
        for environment in [
            ["PAM_USER": "ops", "PAM_SERVICE": "sshd"], ["PAM_USER": "root", "PAM_SERVICE": "login"],
            ["PAM_USER": "alice", "PAM_SERVICE": "systemd-user"],
        ] {
            let (status, _) = await run(
                ["pam-account", "--config", config, "--socket", missing],
                environment: environment
            )
            #expect(status == 0, "\(environment)")
        }
    }

    @Test func theSessionPhasePrintsEachMessageAndNeverRefuses() async throws {
        let daemon = try FakeDaemon(replies: [
            .init(
                status: 200,
                body: #"{"user":"alice","messages":["Your session on lab (pts/3) was ended."],"sessions":[]}"#
            )
        ])
        defer { daemon.stop() }
        var environment = Self.alice
        environment["PAM_TYPE"] = "open_session"
        let (status, terminal) = await run(["pam-session", "--socket", daemon.socketPath], environment: environment)
        #expect(status == 0)
        #expect(terminal.out == "Your session on lab (pts/3) was ended.\n")
        #expect(daemon.requests.first?.target == "/v1/gate/session")
        environment["PAM_TYPE"] = "close_session"
        let (closing, _) = await run(["pam-session", "--socket", "/tmp/none.sock"], environment: environment)
        #expect(closing == 0)
    }
}
