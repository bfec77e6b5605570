import CurfewCore
import CurfewStore
import Foundation
import HTTPTypes
import Hummingbird

/// What a consumer asked of `GET /v1/events`: where to resume, which types, whose events, and in which form.
struct EventQuery: Sendable, Equatable {
    /// Events with a larger id than this are sent.
    var after: Int64
    var types: Set<EventKind>?
    /// Only events concerning this user (and those about every user).
    var user: String?
    /// For the JSON page.
    var limit: Int
    /// Server-Sent Events (the default), or one JSON page when the client accepts only JSON.
    var streaming: Bool

    /// Reads the request: `Last-Event-ID` (what EventSource sends on reconnecting) wins over `?since=`, which stays
    /// in the URL it reconnects to. A caller who is not an admin sees only their own events.
    init(_ request: Request, caller: Caller, isAdmin: Bool, horizon: EventHorizon) throws {
        let query = try QueryParameters(request)
        // Both are read, so a malformed one is refused even when the other wins.
        let since = try query.integer("since", in: 0...Int64.max).map { ("query parameter 'since'", $0) }
        let header = try Self.lastEventID(request).map { ("the Last-Event-ID header", $0) }
        if let (name, id) = header ?? since {
            guard id <= horizon.newestID else {
                throw APIError.badRequest(
                    "\(name) is \(id), but the newest event is \(horizon.newestID): that id was not given by this curfewd (its database was replaced?); resume with since=\(horizon.newestID) or 0"
                )
            }
            after = id
        } else {
            // A new consumer starts now; one that wants the past asks for since=0.
            after = horizon.newestID
        }
        types = try query.set("type", of: EventKind.self)
        let asked = try query.text("user")
        if isAdmin {
            user = asked
        } else {
            guard asked == nil || asked == caller.name else {
                throw APIError.forbidden(
                    "\(caller.name) (uid \(caller.uid)) may only read their own events; leave out 'user' or give user=\(caller.name)"
                )
            }
            user = caller.name
        }
        limit = try query.integer("limit", default: 100, in: 1...1000)
        streaming = Self.wantsStream(request.headers[.accept])
    }

    /// The id in `Last-Event-ID`, if sent.
    private static func lastEventID(_ request: Request) throws(APIError) -> Int64? {
        guard let text = request.headers[.lastEventID] else { return nil }
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw APIError.badRequest(
                "the Last-Event-ID header is '\(QueryParameters.shown(text))'; expected an event id (a whole number from 0 to \(Int64.max)) as sent in an id: line"
            )
        }
        return id
    }

    /// `text/event-stream` unless the client accepts JSON and not the stream.
    static func wantsStream(_ accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return true }
        if accept.contains("text/event-stream") { return true }
        return !accept.contains("application/json")
    }

    /// What a consumer resuming from `after` may have missed to retention, if anything.
    func gap(_ horizon: EventHorizon, retention: Int) -> EventGap? {
        guard after < horizon.prunedThrough else { return nil }
        return EventGap(
            after: after,
            prunedThrough: horizon.prunedThrough,
            message:
                "events after \(after) up to \(horizon.prunedThrough) may have been pruned (events are kept \(DurationText.format(retention))); what remains follows"
        )
    }
}

/// Told to a consumer whose last id is older than what retention keeps.
struct EventGap: Encodable, Sendable, Equatable {
    var after: Int64
    var prunedThrough: Int64
    var message: String
}

extension HTTPField.Name {
    static let lastEventID = Self("Last-Event-ID")!
}
