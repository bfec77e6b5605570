import CurfewClient
import Foundation

/// One request to curfewd: method, path, query, JSON body, and the key that makes a retried POST safe.
struct DaemonRequest: Sendable {
    var method: RequestHead.Method
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

    /// The request line and headers as sent.
    var head: RequestHead {
        DaemonConnection.head(
            method,
            uri,
            accept: accept,
            bodyLength: body?.count,
            idempotencyKey: idempotencyKey,
            lastEventID: lastEventID
        )
    }

    /// Unreserved characters only (RFC 3986), so user names, reasons and ids cannot change the request's shape.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// Percent-encodes a query value or path segment.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
