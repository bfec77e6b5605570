import CurfewAPI
import CurfewCore
import CurfewScheduler
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/events`: resumable, filtered, and each user's own.
@Suite struct EventRouteTests {
    func schedule(_ h: APIHarness, _ user: String) async throws {
        _ = try await h.scheduler.schedule(
            TerminationRequest(
                target: .user(user, .none),
                dueAt: Date().addingTimeInterval(3600),
                reason: "for \(user)",
                notices: NoticePlan.none,
                caller: Caller(uid: 0, name: "root", pid: 1)
            )
        )
    }

    func ids(_ response: TestResponse) -> [Int] {
        (response.json["events"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    @Test func aPageAfterAnIdIsFilteredByTypeAndUser() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await schedule(h, "alice")
        try await schedule(h, "bob")
        let json: HTTPFields = [.accept: "application/json"]
        try await h.test { client in
            let all = try await client.send(.get, "/v1/events?since=0", headers: json)
            #expect(all.status == .ok)
            let events = all.json["events"] as? [[String: Any]] ?? []
            #expect(
                events.map { $0["type"] as? String } == [
                    "termination.scheduled", "notice.sent", "termination.scheduled", "notice.sent",
                ]
            )
            #expect(events.first?["user"] as? String == "alice")
            #expect(all.json["last_id"] as? Int == 4)

            let bobs = try await client.send(.get, "/v1/events?since=0&user=bob&type=notice.sent", headers: json)
            #expect(ids(bobs) == [4])
            let resumed = try await client.send(.get, "/v1/events?since=2&limit=1", headers: json)
            #expect(ids(resumed) == [3])
            // Without since, a page starts at the newest event: there is nothing after it yet.
            #expect(ids(try await client.send(.get, "/v1/events", headers: json)) == [])
        }
        try await h.test(as: APIHarness.alice) { client in
            let mine = try await client.send(.get, "/v1/events?since=0", headers: json)
            #expect(mine.status == .ok)
            #expect(ids(mine) == [1, 2])
            let asked = try await client.send(.get, "/v1/events?since=0&user=bob", headers: json)
            #expect(asked.status == .forbidden)
            #expect(asked.errorMessage?.contains("may only read their own events") == true)
        }
    }

    @Test(arguments: [
        "since=-1", "since=abc", "since=99", "type=termination.exploded", "type=termination.scheduled,", "limit=0",
    ])
    func badQueriesAreClientErrorsThatSayWhatIsAccepted(query: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, "/v1/events?\(query)", headers: [.accept: "application/json"])
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.isEmpty == false)
        }
    }

    @Test func aBadLastEventIDIsAClientError() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, "/v1/events", headers: [HTTPField.Name("Last-Event-ID")!: "x1"])
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.hasPrefix("the Last-Event-ID header is 'x1'") == true)
        }
    }

    @Test func aStreamThatIsLeftAndResumedMissesNothingAndRepeatsNothing() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await schedule(h, "alice")
        let app = Application(
            router: APIServer.router(h.env) { _ in APIHarness.root },
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // Catch-up, then a live event committed while the consumer listens.
            let writer = Task {
                try await Task.sleep(for: .milliseconds(200))
                try await schedule(h, "bob")
            }
            let (first, contentType) = try await EventStreamReader.read(port: port, query: "?since=0") {
                $0.count >= 4
            }
            try await writer.value
            #expect(contentType == "text/event-stream")
            #expect(first.map(\.id) == [1, 2, 3, 4])
            #expect(
                first.map(\.type) == ["termination.scheduled", "notice.sent", "termination.scheduled", "notice.sent"]
            )
            let event = try Event(json: Data(first[0].data.utf8))
            #expect(event.kind == .terminationScheduled && event.users == ["alice"])

            // Gone: two more jobs are scheduled meanwhile.
            try await schedule(h, "alice")
            try await schedule(h, "bob")
            let (second, _) = try await EventStreamReader.read(port: port, query: "?since=0", lastEventID: 4) {
                $0.count >= 4
            }
            #expect(second.map(\.id) == [5, 6, 7, 8])
        }
    }

    @Test func anOrdinaryUsersStreamHoldsOnlyTheirOwnEvents() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await schedule(h, "bob")
        try await schedule(h, "alice")
        _ = try await h.scheduler.schedule(
            TerminationRequest(
                target: .all(.none),
                dueAt: Date().addingTimeInterval(7200),
                reason: "maintenance",
                notices: NoticePlan.none,
                caller: Caller(uid: 0, name: "root", pid: 1)
            )
        )
        try await schedule(h, "bob")
        let app = Application(
            router: APIServer.router(h.env) { _ in APIHarness.alice },
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let (frames, _) = try await EventStreamReader.read(port: port, query: "?since=0") {
                $0.contains { $0.type == "termination.scheduled" && $0.data.contains("all sessions") }
                    && $0.count >= 4
            }
            let events = try frames.map { try Event(json: Data($0.data.utf8)) }
            #expect(events.allSatisfy { $0.concerns("alice") })
            #expect(events.map(\.terminationID?.rawValue) == [2, 2, 3, 3])
        }
    }
}
