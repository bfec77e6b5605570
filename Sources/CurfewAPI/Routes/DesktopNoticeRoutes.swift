import CurfewCore
import Foundation
import Hummingbird
import ServiceLifecycle

/// The desktop notices of the calling user, for the notification helper curfewd starts as that user
/// (`curfew-notify@UID.service`): the kernel names the caller (SO_PEERCRED), so each user reaches only their own.
/// - `GET /v1/me/desktop-notices?wait=S`: those waiting to be shown, oldest first; with none, waits up to S seconds
///   for one (the helper stays a while after a notice, so the next one needs no start).
/// - `POST /v1/me/desktop-notices/{id}`: how showing one went, `{"shown": true}` or `{"shown": false, "error": "..."}`.
struct DesktopNoticeRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        router.get("v1/me/desktop-notices", use: pending)
        router.post("v1/me/desktop-notices/:id", use: report)
    }

    struct Pending: Encodable {
        var notices: [Item]
    }

    struct Item: Encodable {
        var id: Int64
        var appName: String
        var summary: String
        var body: String
        var urgency: String
    }

    /// The longest `wait` a helper may ask for, in seconds.
    static let longestWait = 120

    @Sendable func pending(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let wait = try QueryParameters(request).integer("wait", default: 0, in: 0...Self.longestWait)
        let inbox = env.desktopInbox
        let uid = context.caller.uid
        // A wait ends when curfewd stops: shutdown is not held up by a helper that is only waiting.
        let items = await cancelWhenGracefulShutdown {
            await inbox.pending(for: uid, waitingUpTo: .seconds(wait))
        }
        return try reply(
            Pending(
                notices: items.map {
                    Item(
                        id: $0.id,
                        appName: "curfew",
                        summary: $0.notice.summary,
                        body: $0.notice.body,
                        urgency: $0.notice.urgency.rawValue
                    )
                }
            )
        )
    }

    /// The helper's report; an error is kept to 1,000 characters of printable text.
    struct ReportBody: Decodable {
        var shown: Bool
        var error: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case shown, error
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
            shown = try container.decode(Bool.self, forKey: .shown)
            error = try container.decodeIfPresent(String.self, forKey: .error)
        }
    }

    @Sendable func report(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw APIError.badRequest("'\(TerminalText.sanitize(text, maxLength: 40))' is not a desktop notice id")
        }
        let (body, _) = try await request.json(ReportBody.self, context: context)
        let report: DesktopInbox.Report =
            body.shown
            ? .shown : .failed(TerminalText.sanitize(body.error ?? "the helper gave no reason", maxLength: 1000))
        guard await env.desktopInbox.report(id, by: context.caller.uid, report) else {
            throw APIError.notFound(
                "no desktop notice \(id) is waiting for uid \(context.caller.uid) (reported already, given up on, or not this user's)"
            )
        }
        return try reply(["recorded": true])
    }
}
