import CurfewAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every query parameter of every route is read one way: given at most once, never empty, within its length and
/// range; anything else is a 400 naming the parameter, and nothing is acted on.
@Suite struct QueryParameterTests {
    /// Each query parameter, the route that takes it, and a value it accepts.
    static let parameters: [(HTTPRequest.Method, String, String, String)] = [
        (.get, "/v1/sessions", "user", "alice"), (.get, "/v1/sessions", "remote_host", "10.0.0.5"),
        (.get, "/v1/sessions", "service", "sshd"), (.get, "/v1/sessions", "limit", "10"),
        (.get, "/v1/sessions", "offset", "0"), (.delete, "/v1/sessions", "user", "alice"),
        (.delete, "/v1/sessions?user=alice", "reason", "maintenance"), (.delete, "/v1/sessions/1", "reason", "now"),
        (.get, "/v1/terminations", "state", "scheduled"), (.get, "/v1/terminations", "user", "alice"),
        (.get, "/v1/terminations", "limit", "10"), (.get, "/v1/terminations", "offset", "0"),
        (.get, "/v1/audit", "since", "2026-11-25T17:00:00Z"),
        (.get, "/v1/audit", "actor", "root"), (.get, "/v1/audit", "user", "alice"),
        (.get, "/v1/audit", "limit", "10"), (.get, "/v1/audit", "offset", "0"),
        (.get, "/v1/events", "since", "0"), (.get, "/v1/events", "type", "notice.sent"),
        (.get, "/v1/events", "user", "alice"), (.get, "/v1/events", "limit", "10"),
    ]

    static let json: HTTPFields = [.accept: "application/json"]

    /// Sends `query` on the route and expects a 400 naming `name`, with nothing ended or queued.
    private func expectRefused(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ query: String,
        naming name: String,
        saying words: String
    ) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let uri = path + (path.contains("?") ? "&" : "?") + query
            let response = try await client.send(method, uri, headers: Self.json)
            #expect(response.status == .badRequest, "\(method) \(uri)")
            #expect(response.errorCode == "bad_request")
            let message = response.errorMessage ?? ""
            #expect(message.hasPrefix("query parameter '\(name)'"), "\(uri): \(message)")
            #expect(message.contains(words), "\(uri): \(message)")
        }
        #expect(try h.store.count() == 0)
        #expect(h.sessions.ids == ["1", "2"])
    }

    @Test(arguments: parameters)
    func anEmptyValueIsRefused(method: HTTPRequest.Method, path: String, name: String, valid: String) async throws {
        try await expectRefused(method, path, "\(name)=", naming: name, saying: "is empty; expected ")
        try await expectRefused(method, path, name, naming: name, saying: "is empty; expected ")
    }

    @Test(arguments: parameters.filter { $0.2 != "type" })
    func aRepeatedValueIsRefused(method: HTTPRequest.Method, path: String, name: String, valid: String) async throws {
        try await expectRefused(
            method,
            path,
            "\(name)=\(valid)&\(name)=\(valid)",
            naming: name,
            saying: "given 2 times"
        )
    }

    @Test(arguments: parameters.filter { ["user", "remote_host", "service", "actor", "reason"].contains($0.2) })
    func anOverLongValueIsRefused(method: HTTPRequest.Method, path: String, name: String, valid: String) async throws {
        let limit = name == "reason" ? 500 : 256
        let long = String(repeating: "a", count: limit + 1)
        try await expectRefused(method, path, "\(name)=\(long)", naming: name, saying: "at most \(limit) are accepted")
    }

    @Test(arguments: [
        ("/v1/sessions", "limit=0", "limit", "from 1 to 1000"),
        ("/v1/sessions", "limit=1001", "limit", "from 1 to 1000"),
        ("/v1/sessions", "limit=1e3", "limit", "from 1 to 1000"), ("/v1/audit", "offset=-1", "offset", "from 0 to"),
        ("/v1/terminations", "offset=2147483648", "offset", "from 0 to 2147483647"),
        ("/v1/terminations", "limit=%20", "limit", "from 1 to 1000"),
        ("/v1/events", "since=-1", "since", "from 0 to 9223372036854775807"),
        ("/v1/events", "since=abc", "since", "from 0 to 9223372036854775807"),
        ("/v1/audit", "since=2026-11-25T17:00:00", "since", "RFC 3339"),
        ("/v1/terminations", "state=SCHEDULED", "state", "one of scheduled, firing"),
        ("/v1/audit", "action=nope", "action", "one of scheduled, rescheduled"),
        ("/v1/events", "type=notice.sent,nope", "type", "'nope' is not an event type"),
    ])
    func aValueOutOfRangeOrOfTheWrongKindIsRefused(
        path: String,
        query: String,
        name: String,
        words: String
    )
        async throws
    {
        try await expectRefused(.get, path, query, naming: name, saying: words)
    }

    // The cases schemathesis found (issue 17).

    @Test func anEmptyAuditSinceIsRefused() async throws {
        try await expectRefused(.get, "/v1/audit", "since=", naming: "since", saying: "expected an RFC 3339 time")
    }

    @Test func anEmptyTerminationStateIsRefused() async throws {
        try await expectRefused(
            .get,
            "/v1/terminations",
            "state=",
            naming: "state",
            saying: "expected one of scheduled, firing, completed, failed, cancelled, missed"
        )
    }

    @Test func anEventSincePastTheLargestIdIsRefusedEvenWhenLastEventIDWins() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            var headers = Self.json
            headers[HTTPField.Name("Last-Event-ID")!] = "0"
            let response = try await client.send(.get, "/v1/events?since=9223372036854775808", headers: headers)
            #expect(response.status == .badRequest)
            #expect(
                response.errorMessage
                    == "query parameter 'since' is '9223372036854775808'; expected an integer from 0 to 9223372036854775807"
            )
            #expect(response.json.keys.sorted() == ["error"])
        }
    }

    @Test func aMalformedPercentEncodingIsRefused() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, "/v1/terminations?user=%zz")
            #expect(response.status == .badRequest)
            #expect(response.errorMessage == "the query has a malformed percent-encoding in 'user=%zz'; write % as %25")
        }
    }

    @Test func aHugeValueIsNotEchoedWhole() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, "/v1/terminations?limit=" + String(repeating: "9", count: 5000))
            #expect(response.status == .badRequest)
            #expect((response.errorMessage?.count ?? .max) < 200)
        }
    }

    @Test func percentEncodedValuesAreDecoded() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.get, "/v1/sessions?us%65r=al%69ce&service=ss%68d")
            #expect(response.status == .ok)
            #expect(response.json["total"] as? Int == 1)
        }
    }
}

/// Any method a served path does not take, standard or not, is 405 with `Allow`; an unknown path stays 404.
@Suite struct MethodNotAllowedTests {
    @Test(arguments: [
        ("TRACE", "/metrics", "GET, HEAD"), ("TRACE", "/v1/me", "GET, HEAD"),
        ("TRACE", "/v1/openapi.yaml", "GET, HEAD"), ("TRACE", "/v1/sessions", "GET, HEAD, DELETE"),
        ("TRACE", "/v1/status", "GET, HEAD"), ("TRACE", "/v1/terminations", "GET, HEAD, POST"),
        ("TRACE", "/v1/terminations/1", "GET, HEAD, PATCH, DELETE"), ("PROPFIND", "/v1/audit", "GET, HEAD"),
        ("CONNECT", "/v1/events", "GET, HEAD"), ("PURGE", "/v1/sessions/1", "DELETE"),
    ])
    func anyOtherMethodIs405WithAllow(method: String, uri: String, allow: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(HTTPRequest.Method(method)!, uri)
            #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
            #expect(response.headers[.allow] == allow)
            #expect(response.errorCode == "method_not_allowed")
            #expect(response.errorMessage == "\(method) is not allowed on \(uri); it takes \(allow)")
        }
    }

    @Test func anUnknownPathIs404WhateverTheMethod() async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            for method in ["GET", "TRACE", "PROPFIND"] {
                let response = try await client.send(HTTPRequest.Method(method)!, "/v1/nothing")
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
            let deeper = try await client.send(.trace, "/v1/terminations/1/more")
            #expect(deeper.status == .notFound)
        }
    }
}

/// A request body's optional fields may be left out, never null: the document makes none of them nullable.
@Suite struct RequestBodyNullTests {
    @Test(arguments: [
        (#"{"target": {"user": "alice", "type": null}, "at": "tomorrow 18:00"}"#, "'target.type' must not be null"),
        (#"{"target": {"user": "alice"}, "in": "1h", "reason": null}"#, "'reason' must not be null"),
        (#"{"target": {"user": "alice"}, "in": "1h", "at": null}"#, "'at' must not be null"),
        (
            #"{"target": {"user": "alice"}, "in": "1h", "dry_run": null}"#,
            "'dry_run' has the wrong type: expected true or false"
        ),
    ])
    func aNullFieldIsRefused(body: String, message: String) async throws {
        let h = try await APIHarness()
        defer { h.cleanUp() }
        try await h.test { client in
            let response = try await client.send(.post, "/v1/terminations", json: body)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage?.hasPrefix(message) == true, "\(response.errorMessage ?? "")")
        }
        #expect(try h.store.count() == 0)
    }
}
