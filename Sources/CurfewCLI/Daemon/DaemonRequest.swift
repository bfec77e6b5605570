import Foundation
import NIOCore
import NIOHTTP1

/// One request to curfewd: method, path, query, JSON body, and the key that makes a retried POST safe.
struct DaemonRequest: Sendable {
    var method: HTTPMethod
    var path: String
    /// Pairs in order; a nil value leaves the parameter out.
    var query: [(String, String?)] = []
    var body: Data?
    var idempotencyKey: String?
    var accept = "application/json"
    /// Where an event stream resumes.
    var lastEventID: Int64?

    /// The path and query as sent, every value percent-encoded.
    var uri: String {
        let pairs = query.compactMap { name, value in
            value.map { "\(name)=\(Self.percentEncoded($0))" }
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// The request line and headers as sent; `Connection: close`, since every request has its own connection.
    var head: HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: uri)
        head.headers.add(name: "Host", value: "curfew")
        head.headers.add(name: "Accept", value: accept)
        head.headers.add(name: "Connection", value: "close")
        if let lastEventID {
            head.headers.add(name: "Last-Event-ID", value: String(lastEventID))
        }
        if let body {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.count))
        } else if method == .POST || method == .PATCH {
            head.headers.add(name: "Content-Length", value: "0")
        }
        if let idempotencyKey {
            head.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        }
        return head
    }

    /// Unreserved characters only (RFC 3986), so user names, reasons and ids cannot change the request's shape.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// Percent-encodes a query value or path segment.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// The JSON of a request body: sorted keys, so the same request is the same bytes (idempotent retries match).
    static func encode(_ body: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }
}
