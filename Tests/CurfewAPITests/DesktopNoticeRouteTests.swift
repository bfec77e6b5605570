import CurfewAPI
import CurfewCore
import Foundation
import HummingbirdTesting
import Testing

/// `/v1/me/desktop-notices`: the helper running as a user fetches that user's desktop notices and reports on them.
@Suite struct DesktopNoticeRouteTests {
    private let notice = DesktopNotice(
        summary: "This session will be ended in 5 min",
        body: "Reason: &lt;b&gt;bye&lt;/b&gt;",
        urgency: .critical
    )

    @Test func anOrdinaryUserFetchesTheirOwnNoticesAndReportsOnThem() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        let mine = await h.env.desktopInbox.post(notice, for: 1000)
        _ = await h.env.desktopInbox.post(notice, for: 1001)
        try await h.test(as: APIHarness.alice) { client in
            let pending = try await client.send(.get, "/v1/me/desktop-notices")
            #expect(pending.status == .ok)
            let notices = pending.json["notices"] as? [[String: Any]] ?? []
            #expect(notices.map { $0["id"] as? Int } == [Int(mine)])
            #expect(notices.first?["app_name"] as? String == "curfew")
            #expect(notices.first?["summary"] as? String == "This session will be ended in 5 min")
            #expect(notices.first?["body"] as? String == "Reason: &lt;b&gt;bye&lt;/b&gt;")
            #expect(notices.first?["urgency"] as? String == "critical")

            let reported = try await client.send(
                .post,
                "/v1/me/desktop-notices/\(mine)",
                json: #"{"shown": false, "error": "no server\u001b[2J"}"#
            )
            #expect(reported.status == .ok)
            // Once reported, it is not fetched again nor reported twice.
            let again = try await client.send(.post, "/v1/me/desktop-notices/\(mine)", json: #"{"shown": true}"#)
            #expect(again.status == .notFound)
        }
        #expect(await h.env.desktopInbox.report(of: mine, within: .seconds(1)) == .failed("no server"))
    }

    @Test func aUserCannotReportOnAnotherUsersNotice() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        let bobs = await h.env.desktopInbox.post(notice, for: 1001)
        try await h.test(as: APIHarness.alice) { client in
            let response = try await client.send(.post, "/v1/me/desktop-notices/\(bobs)", json: #"{"shown": true}"#)
            #expect(response.status == .notFound)
            #expect(response.errorMessage?.contains("uid 1000") == true)
        }
        #expect(await h.env.desktopInbox.pending(for: 1001).count == 1)
    }

    @Test(.timeLimit(.minutes(1))) func aHelperWaitingGetsTheNextNoticeOnceItIsPosted() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        let inbox = h.env.desktopInbox
        // Posted for bob first: alice's wait goes on; then for alice: it ends with hers.
        let poster = Task {
            try await Task.sleep(for: .milliseconds(100))
            _ = await inbox.post(notice, for: 1001)
            try await Task.sleep(for: .milliseconds(100))
            return await inbox.post(notice, for: 1000)
        }
        try await h.test(as: APIHarness.alice) { client in
            let pending = try await client.send(.get, "/v1/me/desktop-notices?wait=30")
            #expect(pending.status == .ok)
            let notices = pending.json["notices"] as? [[String: Any]] ?? []
            #expect(notices.map { $0["id"] as? Int } == [Int(try await poster.value)])
        }
    }

    @Test(arguments: ["wait=-1", "wait=121", "wait=1.5", "wait=", "wait=1&wait=2"])
    func aBadWaitIsRefusedSayingWhatIsAccepted(_ query: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            let response = try await client.send(.get, "/v1/me/desktop-notices?\(query)")
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains("'wait'") == true, "\(response.errorMessage ?? "")")
        }
    }

    @Test(arguments: [
        ("/v1/me/desktop-notices/0", #"{"shown": true}"#, "is not a desktop notice id"),
        ("/v1/me/desktop-notices/x", #"{"shown": true}"#, "is not a desktop notice id"),
        ("/v1/me/desktop-notices/1", #"{"shown": "yes"}"#, "'shown' has the wrong type"),
        ("/v1/me/desktop-notices/1", #"{"shown": true, "extra": 1}"#, "extra"),
    ])
    func badInputIsRefusedWithTheReason(_ uri: String, _ body: String, _ said: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            let response = try await client.send(.post, uri, json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.contains(said) == true, "\(response.errorMessage ?? "")")
        }
    }
}
