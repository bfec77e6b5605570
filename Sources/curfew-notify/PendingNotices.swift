import CurfewClient

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The desktop notices curfewd holds for the user this runs as (the kernel tells curfewd who that is), and the
/// reports on them.
struct PendingNotices {
    let socketPath: String

    struct Notice: Decodable, Sendable {
        var id: Int64
        var appName: String
        var summary: String
        var body: String
        var urgency: String

        /// The `urgency` hint's byte.
        var urgencyLevel: UInt8 {
            switch urgency {
            case "low": 0
            case "critical": 2
            default: 1
            }
        }
    }

    private struct Page: Decodable {
        var notices: [Notice]
    }

    private struct Report: Encodable {
        var shown: Bool
        var error: String?
    }

    /// `GET /v1/me/desktop-notices?wait=S`: the notices waiting, or with none, the first posted within `seconds`.
    func fetch(waitingUpTo seconds: Int) throws -> [Notice] {
        let reply = try exchange(.GET, "/v1/me/desktop-notices?wait=\(seconds)", body: nil, waiting: seconds)
        return try APIJSON.decoder.decode(Page.self, from: Data(reply)).notices
    }

    /// `POST /v1/me/desktop-notices/{id}`.
    func report(_ id: Int64, error: String?) throws {
        let body = Array(try APIJSON.encode(Report(shown: error == nil, error: error)))
        _ = try exchange(.POST, "/v1/me/desktop-notices/\(id)", body: body)
    }

    private func exchange(
        _ method: RequestHead.Method,
        _ uri: String,
        body: [UInt8]?,
        waiting: Int = 0
    ) throws -> [UInt8] {
        let reply = try DaemonConnection.exchange(
            socketPath: socketPath,
            head: DaemonConnection.head(method, uri, bodyLength: body?.count),
            body: body,
            connectTimeout: .seconds(2),
            replyTimeout: .seconds(Int64(5 + waiting))
        )
        guard reply.status == 200 else {
            throw NotifyError(
                "\(method.rawValue) \(uri): HTTP \(reply.status): \(String(decoding: reply.body.prefix(500), as: UTF8.self))"
            )
        }
        return reply.body
    }
}
