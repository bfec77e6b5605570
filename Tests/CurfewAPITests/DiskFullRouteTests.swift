import CurfewAPI
import CurfewCore
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import CurfewStore

/// A full state directory seen through the API: writes are 507 `disk_full` saying what was not done, reads go on, and
/// `/v1/status` and `/metrics` say so.
@Suite struct DiskFullRouteTests {
    @Test func writesAre507NamingTheDirectoryWhileReadsGoOn() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        let directory = h.directory.path
        try await h.test { client in
            let created = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"user": "alice"}, "in": "2h"}"#
            )
            #expect(created.status == .created)
            _ = h.store.writer.space.becameFull(at: Date())

            let refused = try await client.send(
                .post,
                "/v1/terminations",
                json: #"{"target": {"user": "bob"}, "in": "2h"}"#
            )
            #expect(refused.status.code == 507)
            #expect(refused.errorCode == "disk_full")
            #expect(
                refused.errorMessage
                    == "the state directory \(directory) is full: nothing was scheduled; free space there and try again"
            )
            let cancel = try await client.send(.delete, "/v1/terminations/1")
            #expect(cancel.status.code == 507)
            #expect(cancel.errorMessage?.contains(": nothing was cancelled; ") == true)
            let reschedule = try await client.send(.patch, "/v1/terminations/1", json: #"{"in": "3h"}"#)
            #expect(reschedule.status.code == 507)
            #expect(reschedule.errorMessage?.contains(": nothing was rescheduled; ") == true)

            for path in ["/v1/terminations", "/v1/terminations/1", "/v1/sessions", "/v1/audit", "/v1/status"] {
                #expect(try await client.send(.get, path).status == .ok, "GET \(path)")
            }
            let disk = try await client.send(.get, "/v1/status").json["disk"] as? [String: Any]
            #expect(disk?["full"] as? Bool == true)
            #expect(disk?["directory"] as? String == directory)
            #expect(disk?["full_since"] is String)
            let metrics = try await client.send(.get, "/metrics")
            #expect(String(decoding: metrics.body.readableBytesView, as: UTF8.self).contains("curfew_disk_full 1"))
        }
    }
}
