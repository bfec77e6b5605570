import CurfewAPI
import CurfewCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `POST /v1/gate`, `/v1/gate/session` and `/v1/holds`: what PAM and the admins see.
@Suite struct GateRouteTests {
    @Test func aHeldUserIsRefusedWithTheReasonUntilAnAdminLiftsTheHold() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let ended = try await client.send(.delete, "/v1/sessions?user=alice&reason=offboarding&hold=2h")
            #expect(ended.status == .ok)
            #expect(ended.json["hold"] as? String == "2h")

            let gate = try await client.send(.post, "/v1/gate", json: #"{"user":"alice","service":"sshd"}"#)
            #expect(gate.status == .ok)
            #expect(gate.json["allowed"] as? Bool == false)
            #expect(gate.json["rule"] as? String == "hold")
            #expect((gate.json["message"] as? String)?.contains("(offboarding)") == true)

            let holds = try await client.send(.get, "/v1/holds")
            #expect((holds.json["holds"] as? [[String: Any]])?.map { $0["user"] as? String } == ["alice"])

            #expect(try await client.send(.delete, "/v1/holds/alice").status == .ok)
            let again = try await client.send(.delete, "/v1/holds/alice")
            #expect(again.status == .notFound)
            #expect(again.errorMessage == "alice is not held; curfewctl holds lists the holds in force")
            let open = try await client.send(.post, "/v1/gate", json: #"{"user":"alice","service":"sshd"}"#)
            #expect(open.json["allowed"] as? Bool == true)
        }
    }

    @Test func badInputIsA400SayingWhatIsWrongAndIsAuditedEscaped() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let bad = try await client.send(
                .post,
                "/v1/gate",
                json: #"{"user":"al\u001b[2Jice","remote_host":"10.0.0.5","service":"sshd"}"#
            )
            #expect(bad.status == .badRequest)
            #expect(bad.errorMessage?.contains("contains the control character U+001B") == true)
            let empty = try await client.send(.post, "/v1/gate", json: #"{"user":"","service":"sshd"}"#)
            #expect(empty.errorMessage == "the user is empty; PAM must name one (PAM_USER)")
            let unknown = try await client.send(.post, "/v1/gate", json: #"{"user":"a","service":"s","x":1}"#)
            #expect(unknown.status == .badRequest)
            let past = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target":{"user":"alice"},"in":"1h","hold_until":"2020-01-01 00:00"}"#
            )
            #expect(past.status == .badRequest)
            #expect(past.errorMessage?.hasPrefix("'hold_until':") == true)
            let negative = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target":{"user":"alice"},"in":"1h","hold":"-2h"}"#
            )
            #expect(negative.status == .badRequest)
        }
        let refused = try h.store.auditEntries(actions: [.refused])
        #expect(refused.contains { $0.target == "/v1/gate: user 'al\\u{1b}[2Jice' from '10.0.0.5' through 'sshd'" })
    }

    @Test func anOrdinaryUserMayAskOnlyAboutThemselves() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            let other = try await client.send(.post, "/v1/gate", json: #"{"user":"bob","service":"sshd"}"#)
            #expect(other.status == .forbidden)
            #expect(try await client.send(.get, "/v1/holds").status == .forbidden)
        }
        let denied = try h.store.auditEntries(actions: [.denied])
        #expect(denied.contains { $0.target == "POST /v1/gate: user 'bob' from '' through 'sshd'" })
    }

    @Test func theSessionPhaseTellsOfAnEndedSessionOnceAndMeListsIt() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            _ = try await client.send(.delete, "/v1/sessions?user=alice&reason=maintenance")
            let first = try await client.send(.post, "/v1/gate/session", json: #"{"user":"alice","service":"sshd"}"#)
            let messages = first.json["messages"] as? [String] ?? []
            #expect(messages.count == 1)
            #expect(messages.first?.contains("(pts/1, from 10.0.0.5) was ended at") == true)
            #expect(messages.first?.hasSuffix("by root: maintenance.") == true)
            let second = try await client.send(.post, "/v1/gate/session", json: #"{"user":"alice","service":"sshd"}"#)
            #expect((second.json["messages"] as? [String]) == [])
        }
    }
}
