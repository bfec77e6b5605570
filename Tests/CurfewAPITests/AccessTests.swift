import CurfewAPI
import CurfewCore
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Who may do what: root and the admin group everything; anyone else only their own view.
@Suite struct AccessTests {
    @Test func anOrdinaryUserIsRefusedEverywhereButMeAndTheRefusalIsAudited() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            for (method, uri) in [
                (HTTPRequest.Method.get, "/v1/status"), (.get, "/v1/sessions"), (.post, "/v1/terminations"),
                (.get, "/v1/audit"), (.delete, "/v1/sessions/1"), (.get, "/metrics"),
            ] {
                let response = try await client.send(method, uri, json: "{}")
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(response.errorCode == "forbidden")
            }
        }
        let denied = try h.store.auditEntries(actions: [.denied])
        #expect(denied.count == 6)
        #expect(denied.last?.target == "GET /v1/status")
        #expect(denied.last?.actor.uid == 1000)
    }

    @Test func anOrdinaryUserMayNotTargetAGroup() async throws {
        let h = try await APIHarness(users: GroupTable(groups: ["alice": ["students"]]))
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            let response = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"group": "students"}, "in": "1h"}"#
            )
            #expect(response.status == .forbidden)
        }
        #expect(try h.store.count() == 0)
    }

    @Test func aGroupJobShowsOnItsMembersSessionsAndInTheirMe() async throws {
        let h = try await APIHarness(users: GroupTable(groups: ["alice": ["alice", "students"], "bob": ["bob"]]))
        defer { h.cleanUp() }
        try await h.test { client in
            let created = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"group": "students", "service": "sshd"}, "in": "2h", "reason": "lab closes"}"#
            )
            #expect(created.status == .created)
            #expect(created.json["target"] as? [String: String] == ["group": "students", "service": "sshd"])
            #expect(created.json["target_summary"] as? String == "group students (service sshd)")
            let list = try await client.send(.get, "/v1/sessions")
            let sessions = list.json["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.map { ($0["terminations"] as? [Any])?.count } == [1, 0])
        }
        try await h.test(as: APIHarness.alice) { client in
            let me = try await client.send(.get, "/v1/me")
            let jobs = me.json["terminations"] as? [[String: Any]] ?? []
            #expect(jobs.map { $0["reason"] as? String } == ["lab closes"])
        }
    }

    @Test func meShowsTheCallersOwnSessionsAndWhatWillEndThem() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            _ = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"user": "alice"}, "in": "2h", "reason": "audit"}"#
            )
            _ = try await client.send(.post, "/v1/terminations", json: #"{"target": {"user": "bob"}, "in": "1h"}"#)
        }
        try await h.test(as: APIHarness.alice) { client in
            let me = try await client.send(.get, "/v1/me")
            #expect(me.status == .ok)
            #expect(me.json["uid"] as? Int == 1000)
            #expect(me.json["admin"] as? Bool == false)
            let sessions = me.json["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.map { $0["id"] as? String } == ["1"])
            let pending = sessions.first?["terminations"] as? [[String: Any]] ?? []
            #expect(pending.map { $0["reason"] as? String } == ["audit"])
            let jobs = me.json["terminations"] as? [[String: Any]] ?? []
            #expect(jobs.count == 1)
            #expect(try await client.send(.head, "/v1/me").status == .ok)
        }
    }

    @Test func endingASessionNowTerminatesItAndReturnsTheOutcome() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.delete, "/v1/sessions/2?reason=incident")
            #expect(response.status == .ok)
            #expect(response.json["state"] as? String == "completed")
            let outcomes = response.json["sessions"] as? [[String: Any]] ?? []
            #expect(outcomes.map { $0["result"] as? String } == ["terminated"])
        }
        #expect(h.sessions.ids == ["1"])
        #expect(try h.store.auditEntries(actions: [.terminatedNow]).first?.reason == "incident")
    }

    @Test func sessionsListShowsWhatIsScheduledForEach() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            _ = try await client.send(.post, "/v1/terminations", json: #"{"target": {"sessions": ["2"]}, "in": "1h"}"#)
            let list = try await client.send(.get, "/v1/sessions?limit=1&offset=1")
            #expect(list.json["total"] as? Int == 2)
            let sessions = list.json["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.map { $0["id"] as? String } == ["2"])
            #expect((sessions.first?["terminations"] as? [Any])?.count == 1)
            #expect(sessions.first?["class"] is NSNull)
        }
    }
}
