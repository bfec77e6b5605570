import CurfewCore
import Foundation
import Testing

/// What PAM hands the gate is checked: empty, over-long or control-character names are refused with the reason,
/// and shown escaped.
@Suite struct GateQueryTests {
    func refusal(_ user: String, _ host: String?, _ service: String) -> String {
        do {
            _ = try GateQuery(user: user, remoteHost: host, service: service)
            return "accepted"
        } catch {
            return error.message
        }
    }

    @Test func aLoginFromPAMIsReadWithAnEmptyHostAsLocal() throws {
        let query = try GateQuery(user: "alice", remoteHost: "", service: "login")
        #expect(query.remoteHost == nil)
        #expect(query.summary == "alice from the local machine through login")
    }

    @Test func badUserHostOrServiceIsRefusedSayingWhatIsWrong() {
        #expect(refusal("", "10.0.0.5", "sshd") == "the user is empty; PAM must name one (PAM_USER)")
        #expect(refusal("alice", nil, "") == "the service is empty; PAM must name one (PAM_SERVICE)")
        #expect(
            refusal(String(repeating: "a", count: 300), nil, "sshd")
                == "the user is 300 bytes long; at most 256 are accepted"
        )
        #expect(
            refusal("al\u{1b}[2Jice", nil, "sshd")
                == "the user 'al\\u{1b}[2Jice' contains the control character U+001B; only printable characters are accepted"
        )
        #expect(refusal("alice", "10.0.0.5\n", "sshd").hasPrefix("the remote host '10.0.0.5\\u{a}' contains"))
    }

    @Test func escapingShowsControlCharactersAndBoundsTheLength() {
        #expect(GateQuery.escaped("a\u{7}b\\c") == "a\\u{7}b\\\\c")
        #expect(GateQuery.escaped(String(repeating: "x", count: 10), limit: 4) == "xxxx...")
    }

    @Test func holdsBeforeTheDueTimeOrInThePastAreRefused() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(throws: InputError.self) { try HoldSpec.until(now.addingTimeInterval(-1)).check(dueAt: now, now: now) }
        #expect(throws: InputError.self) { try HoldSpec.duration(-60).check(dueAt: now, now: now) }
        #expect(throws: Never.self) { try HoldSpec.duration(60).check(dueAt: now, now: now) }
        #expect(HoldSpec.duration(60).until(after: now) == now.addingTimeInterval(60))
    }

    @Test func loginGateAndPolicyHoldAreReadFromTheConfiguration() throws {
        let config = try ConfigurationFile.parse(
            """
            login_gate: {on_error: deny}
            policies:
              - {name: day, lifetime: {max: 8h}, hold: 30m}
            """,
            source: "curfew.yaml",
            environment: [:],
            directory: PolicyConfigurationTests.Groups()
        )
        #expect(config.loginGate.onError == .deny)
        #expect(config.policies.first?.hold == 1800)
        #expect(Configuration(environment: [:]).loginGate.onError == .allow)
        #expect(throws: InputError.self) {
            try ConfigurationFile.parse("login_gate: {on_error: maybe}", source: "curfew.yaml", environment: [:])
        }
    }
}
