import CurfewAPI
import CurfewCore
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// `/v1/terminations` in process: queue, read, reschedule, cancel, idempotency.
@Suite struct TerminationRouteTests {
    @Test func aQueuedTerminationComesBackWithEveryField() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let created = try await client.send(
                .post,
                "/v1/terminations",
                json:
                    #"{"target": {"user": "alice", "service": "sshd"}, "in": "2h", "reason": "offboarding", "notices": ["30m", "10m"]}"#
            )
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/v1/terminations/1")
            let job = created.json
            #expect(job["id"] as? Int == 1)
            #expect(job["state"] as? String == "scheduled")
            #expect(job["target"] as? [String: String] == ["user": "alice", "service": "sshd"])
            #expect(job["target_summary"] as? String == "user alice (service sshd)")
            #expect(job["notices"] as? [String] == ["30m", "10m"])
            #expect(job["reason"] as? String == "offboarding")
            #expect(job["fired_at"] is NSNull)
            #expect((job["actor"] as? [String: Any])?["uid"] as? Int == 0)
            #expect((job["due_in_seconds"] as? Double ?? 0) > 7190)

            let shown = try await client.send(.get, "/v1/terminations/1")
            #expect(shown.status == .ok)
            // alice's session 1 got the "scheduled" notice, and the record says so.
            let sent = shown.json["notices_sent"] as? [[String: Any]] ?? []
            #expect(sent.map { $0["kind"] as? String } == ["scheduled"])
            #expect(sent.first?["sessions"] as? [String] == ["1"])
            #expect(sent.first?["lead"] is NSNull)
            // How it reached the session, as the notifier said.
            let deliveries = sent.first?["deliveries"] as? [[String: Any]] ?? []
            #expect(deliveries.map { $0["session_id"] as? String } == ["1"])
            #expect(deliveries.map { $0["delivery"] as? String } == ["terminal"])
            #expect(deliveries.first?["detail"] is NSNull)
            #expect(shown.json["due_at"] as? String == job["due_at"] as? String)

            let list = try await client.send(.get, "/v1/terminations?state=scheduled&user=alice&limit=10")
            #expect(list.json["total"] as? Int == 1)
            #expect((list.json["terminations"] as? [Any])?.count == 1)
        }
    }

    @Test func aSessionTargetShowsEachFrozenSessionWithItsTimes() async throws {
        let h = try await APIHarness(sessions: [
            Session(id: "7", user: "alice", uid: 1000, createdAt: Date(timeIntervalSince1970: 1_790_000_000)),
            Session(id: "8", user: "alice", uid: 1000),
        ])
        defer { h.cleanUp() }
        try await h.test { client in
            let created = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"sessions": ["7", "8"]}, "in": "1h"}"#
            )
            let sessions = (created.json["target"] as? [String: Any])?["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.map { $0["id"] as? String } == ["7", "8"])
            #expect(sessions.first?["created_at"] as? String == "2026-09-21T14:13:20.000Z")
            #expect(sessions.last?["created_at"] is NSNull)
        }
    }

    @Test func rescheduleAndCancelChangeTheJobAndThenConflict() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            _ = try await client.send(.post, "/v1/terminations", json: #"{"target": {"user": "bob"}, "in": "1h"}"#)

            let moved = try await client.send(.patch, "/v1/terminations/1", json: #"{"in": "3h"}"#)
            #expect(moved.status == .ok)
            #expect((moved.json["due_in_seconds"] as? Double ?? 0) > 3 * 3600 - 10)

            let cancelled = try await client.send(.delete, "/v1/terminations/1")
            #expect(cancelled.json["state"] as? String == "cancelled")

            let again = try await client.send(.delete, "/v1/terminations/1")
            #expect(again.status == .conflict)
            #expect(again.errorMessage == "termination 1 is cancelled, not scheduled")
            let late = try await client.send(.patch, "/v1/terminations/1", json: #"{"in": "3h"}"#)
            #expect(late.status == .conflict)
        }
        #expect(await h.scheduler.pendingCount == 0)
    }

    @Test func aRetriedPostWithTheSameKeyReturnsTheFirstJob() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let body = #"{"target": {"user": "alice"}, "in": "1h", "reason": "r"}"#
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "k-123"]
            let first = try await client.send(.post, "/v1/terminations", json: body, headers: headers)
            let second = try await client.send(.post, "/v1/terminations", json: body, headers: headers)
            #expect(first.status == .created && second.status == .created)
            #expect(first.json["id"] as? Int == second.json["id"] as? Int)

            let other = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"user": "bob"}, "in": "1h"}"#,
                headers: headers
            )
            #expect(other.status == .conflict)
            #expect(other.errorMessage?.contains("Idempotency-Key 'k-123' was used for a different request") == true)
        }
        #expect(try h.store.count() == 1)
        #expect(await h.scheduler.pendingCount == 1)
    }

    @Test(arguments: [
        (#"{"target": {"user": "alice"}}"#, 400, "give exactly one of 'at'"),
        (#"{"target": {"user": "alice"}, "at": "18:00", "in": "5m"}"#, 400, "give exactly one of 'at'"),
        (#"{"target": {"user": "alice"}, "at": "yesterday"}"#, 422, "is not a time I can read"),
        (#"{"target": {"user": "alice"}, "at": "2020-01-01 10:00"}"#, 422, "is in the past"),
        (#"{"target": {"user": "alice"}, "in": "5x"}"#, 422, "is not a duration"),
        (#"{"target": {"user": "root"}, "in": "5m"}"#, 422, "protected"),
        (#"{"target": {"sessions": ["99"]}, "in": "5m"}"#, 422, "there is no session '99'"),
        (#"{"target": {"sessions": ["1"], "service": "sshd"}, "in": "5m"}"#, 400, "filters apply to"),
        (#"{"target": {"user": "alice", "all": true}, "in": "5m"}"#, 400, "exactly one of 'sessions'"),
        (#"{"target": {"all": false}, "in": "5m"}"#, 400, "'all' must be true"),
        (#"{"target": {"group": "no-such-group-curfew"}, "in": "5m"}"#, 422, "group no-such-group-curfew is not known"),
        (#"{"target": {"group": "a b"}, "in": "5m"}"#, 422, "is not a group name"),
        (#"{"target": {"group": "root", "user": "a"}, "in": "5m"}"#, 400, "'user', 'group' or 'all'"),
        (#"{"target": {"user": 7}, "in": "5m"}"#, 400, "'target.user' has the wrong type"),
        (#"{"target": {"user": "a"}, "in": "5m", "notices": ["5m", "5m"]}"#, 422, "lists the same lead twice"),
        (#"{"target": {"user": "a"}, "in": "5m", "notices": ["1m"], "no_notice": true}"#, 422, "not both"),
        (#"{"target": {"user": "a"}, "in": "5m", "reasn": "typo"}"#, 400, "unknown field 'reasn'"),
        (#"{"in": "5m"}"#, 400, "'target' is required"),
        (
            #"{"target": {"user": "a"}, "in": "5m", "dry_run": "yes"}"#, 400,
            "'dry_run' has the wrong type: expected true or false"
        ),
        (#"[1, 2]"#, 400, "the body"),
        (#"{"target": "#, 400, "not valid JSON"),
        ("", 400, "a JSON body is required"),
    ])
    func badBodiesAreRefusedWithWhatWasWrong(body: String, status: Int, message: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.post, "/v1/terminations", json: body)
            #expect(response.status.code == status)
            #expect(response.errorMessage?.contains(message) == true, "\(response.errorMessage ?? "no message")")
        }
        #expect(try h.store.count() == 0)
    }

    @Test(arguments: [
        ("/v1/terminations/abc", 400), ("/v1/terminations/0", 400), ("/v1/terminations/99", 404),
        ("/v1/terminations?limit=0", 400), ("/v1/terminations?limit=abc", 400), ("/v1/terminations?offset=-1", 400),
        ("/v1/terminations?state=done", 400), ("/v1/audit?since=yesterday", 400), ("/v1/audit?action=nope", 400),
        ("/v1/nothing", 404),
    ])
    func badPathsAndQueriesAreClientErrors(uri: String, status: Int) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, uri)
            #expect(response.status.code == status)
            #expect(response.errorCode != nil)
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method.delete, "/v1/status", "GET, HEAD"), (.put, "/v1/terminations", "GET, HEAD, POST"),
        (.post, "/v1/terminations/1", "GET, HEAD, PATCH, DELETE"), (.options, "/v1/sessions", "GET, HEAD, DELETE"),
        (.get, "/v1/sessions/1", "DELETE"),
    ])
    func aKnownPathAskedWithAnotherMethodIs405WithAllow(
        method: HTTPRequest.Method,
        uri: String,
        allow: String
    )
        async throws
    {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(method, uri)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            #expect(response.errorCode == "method_not_allowed")
            #expect(response.errorMessage?.contains("it takes \(allow)") == true, "\(response.errorMessage ?? "")")
        }
        #expect(try h.store.count() == 0)
    }

    @Test func headIsServedWhereGetIs() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.head, "/v1/status")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.body.readableBytes == 0)
        }
    }
}

@Suite struct OpenAPIDocumentTests {
    @Test func theServedDocumentIsTheOneInTheRepository() async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/CurfewAPI/openapi.yaml")
        let file = try String(contentsOf: path, encoding: .utf8)
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, "/v1/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml")
            // If this fails, run scripts/embed-openapi.
            #expect(String(buffer: response.body) == file)
        }
    }
}
