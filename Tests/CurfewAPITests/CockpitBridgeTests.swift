import CurfewAPI
import CurfewCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What Cockpit's bridges send when the curfew page calls `cockpit.http("/run/curfew/curfewd.sock")`: Cockpit 287's
/// C bridge names the socket path, URI-escaped, as the Host, and adds Accept-Encoding and Accept-Charset; newer
/// (Python) bridges send `Host: localhost` and `Content-Length: 0` on a GET. curfewd serves them all. The router
/// sees the Host as the request's authority, which no route reads; CockpitBridgeSocketTests sends it as bytes.
struct CockpitBridgeTests {
    static let bridge287: HTTPFields = [
        .acceptEncoding: "identity", HTTPField.Name("Accept-Charset")!: "UTF-8", .accept: "application/json",
    ]
    static let pythonBridge: HTTPFields = [.contentLength: "0", .accept: "application/json"]

    @Test(arguments: ["/v1/status", "/v1/sessions?limit=1000&offset=0", "/v1/terminations?state=scheduled&limit=200"])
    func everyBridgesGetIsServed(path: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            for headers in [Self.bridge287, Self.pythonBridge] {
                let response = try await client.execute(uri: path, method: .get, headers: headers)
                #expect(response.status == .ok, "\(path) with \(headers)")
            }
        }
    }

    @Test func meSaysWhetherTheCallerIsAnAdminSoThePageNeedsNoRefusedRequestToKnow() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let me = try await client.send(.get, "/v1/me")
            #expect(me.json["admin"] as? Bool == true)
        }
        try await h.test(as: APIHarness.alice) { client in
            let me = try await client.send(.get, "/v1/me")
            #expect(me.json["admin"] as? Bool == false)
        }
        #expect(try h.store.auditEntries(actions: [.denied]).isEmpty)
    }

    @Test func anOrdinaryUsersPageReadsTheirOwnSessionsThroughEitherBridge() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test(as: APIHarness.alice) { client in
            for headers in [Self.bridge287, Self.pythonBridge] {
                let me = try await client.execute(uri: "/v1/me", method: .get, headers: headers)
                #expect(me.status == .ok)
                let status = try await client.execute(uri: "/v1/status", method: .get, headers: headers)
                #expect(status.status == .forbidden)
            }
        }
    }

    @Test func aBridgesPostAndDeleteWithContentLengthAreServed() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let body = #"{"target":{"user":"alice"},"in":"1h","reason":"from cockpit"}"#
            var headers = Self.bridge287
            headers[.contentType] = "application/json"
            headers[.contentLength] = String(body.utf8.count)
            headers[HTTPField.Name("Idempotency-Key")!] = "cockpit-1"
            let created = try await client.execute(
                uri: "/v1/terminations",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: body)
            )
            #expect(created.status == .created)
            let deleted = try await client.execute(
                uri: "/v1/terminations/1",
                method: .delete,
                headers: Self.pythonBridge
            )
            #expect(deleted.status == .ok)
        }
    }
}

/// The same requests as bytes on curfewd's real Unix socket, through its HTTP parser. Needs root, as
/// LiveSocketTests does (the socket's group is chown'd).
@Suite(.enabled(if: getuid() == 0, "binds a socket with a group; run as root"))
struct CockpitBridgeSocketTests {
    @Test func theBridgesHeadersPassCurfewdsParser() async throws {
        let h = try await APIHarness(sessions: [])
        defer { h.cleanUp() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "curfew-bridge-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var env = h.env
        var config = env.config
        config.socketPath = directory.appendingPathComponent("curfewd.sock").path
        env.settings = LiveConfiguration(config)
        let server = try await env.serveOnSocket()
        defer { server.cancel() }

        let bridge287 = ["Host: %2Frun%2Fcurfew%2Fcurfewd.sock", "Accept-Encoding: identity", "Accept-Charset: UTF-8"]
        let pythonBridge = ["Host: localhost", "Content-Length: 0"]
        for headers in [bridge287, pythonBridge] {
            let reply = try await Curl.get("/v1/status", socket: config.socketPath, as: nil, headers: headers)
            #expect(reply.status == 200, "\(headers): \(reply.body)")
        }
    }
}
