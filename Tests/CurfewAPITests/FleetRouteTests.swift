import CurfewAPI
import CurfewCore
import CurfewFleet
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// `/v1/fleet` without a database behind it: fleet mode off, the database unreachable, and bad input, each a clear
/// 4xx (or 503 for the unreachable database), never a 500.
@Suite struct FleetRouteTests {
    /// A fleet agent that was never started: as when the database has not answered yet.
    private func unreachableFleet(_ h: APIHarness) throws -> APIEnvironment {
        var env = h.env
        env.fleet = try FleetAgent(
            fleet: FleetConfiguration(host: "127.0.0.1", port: 1, user: "curfew", database: "curfew", tls: .disable),
            identity: FleetIdentity(hostID: "web-01", hostname: "web-01", labels: ["lab"], instance: UUID()),
            scheduler: h.scheduler,
            store: h.store,
            config: h.env.settings,
            version: "test",
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        return env
    }

    private func test(
        _ env: APIEnvironment,
        as caller: PeerCredentials = APIHarness.root,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Application(router: APIServer.router(env) { _ in caller }).test(.router, body)
    }

    @Test func withoutFleetModeStatusSaysOffAndEveryOtherRouteIs409() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let status = try await client.send(.get, "/v1/fleet/status")
            #expect(status.status == .ok && status.json["enabled"] as? Bool == false)
            let created = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"user": "alice"}, "in": "2h"}"#
            )
            #expect(created.status == .conflict)
            #expect(created.errorMessage?.hasPrefix("fleet mode is off on this host") == true)
            #expect(try await client.send(.get, "/v1/fleet/hosts").status == .conflict)
        }
    }

    @Test func onlyAdminsReachTheFleet() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            let created = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"user": "bob"}, "in": "2h"}"#
            )
            #expect(created.status == .forbidden)
            #expect(try await client.send(.get, "/v1/fleet/audit").status == .forbidden)
        }
    }

    @Test func anUnreachableDatabaseIs503SayingSoAndStatusShowsTheHost() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await test(try unreachableFleet(h)) { client in
            let created = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"user": "alice"}, "in": "2h", "label": "lab"}"#
            )
            #expect(created.status == .serviceUnavailable)
            #expect(created.errorMessage?.contains("not reachable") == true)
            let status = try await client.send(.get, "/v1/fleet/status")
            #expect(status.json["enabled"] as? Bool == true && status.json["host_id"] as? String == "web-01")
            #expect(status.json["connection"] as? String == "connecting")
        }
    }

    @Test func badInputIsRefusedBeforeTheDatabaseIsAsked() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await test(try unreachableFleet(h)) { client in
            let sessions = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"sessions": ["1"]}, "in": "2h"}"#
            )
            #expect(sessions.status == .unprocessableContent)
            #expect(sessions.errorMessage?.contains("session ids mean nothing on other hosts") == true)
            let protected = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"user": "root"}, "in": "2h"}"#
            )
            #expect(protected.status == .unprocessableContent)
            let both = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"all": true}, "in": "2h", "hosts": ["a"], "label": "lab"}"#
            )
            #expect(both.status == .unprocessableContent && both.errorMessage == "give hosts or a label, not both")
            let unknown = try await client.send(
                .post,
                "/v1/fleet/terminations",
                json: #"{"target": {"all": true}, "in": "2h", "labels": ["lab"]}"#
            )
            #expect(unknown.status == .badRequest)
            let badID = try await client.send(.get, "/v1/fleet/terminations/42")
            #expect(badID.status == .badRequest && badID.errorMessage?.contains("not a fleet job id") == true)
            let badJob = try await client.send(.get, "/v1/fleet/audit?job=42")
            #expect(badJob.status == .badRequest && badJob.errorMessage?.contains("'42' is not a fleet job id") == true)
            let badLimit = try await client.send(.get, "/v1/fleet/audit?limit=0")
            #expect(badLimit.status == .badRequest && badLimit.errorMessage?.contains("limit") == true)
            let audit = try await client.send(.get, "/v1/fleet/audit?host=web-01&limit=5")
            #expect(audit.status == .serviceUnavailable && audit.errorMessage?.contains("not reachable") == true)
        }
    }
}
