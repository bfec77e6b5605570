import CurfewCore
import CurfewStore
import Foundation
import Hummingbird
import ServiceLifecycle

/// `GET /v1/events`: the event log as Server-Sent Events (resumable by id), or a JSON page of it.
struct EventRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        router.get("v1/events", use: events)
    }

    struct EventPage: Encodable {
        var events: [Event]
        /// The id to resume from: the last event in this page, or where the page started.
        var lastId: Int64
        var newestId: Int64
        var gap: Nullable<EventGap>
    }

    @Sendable func events(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let horizon = try env.store.eventHorizon()
        var caller = context.caller
        if !context.isAdmin {
            // As /v1/me names the caller: by uid, which the kernel vouches for, with logind's name for it.
            let sessions = (try? await env.sessions.list()) ?? []
            caller.name = sessions.first { $0.uid == caller.uid }?.user ?? caller.name
        }
        let query = try EventQuery(request, caller: caller, isAdmin: context.isAdmin, horizon: horizon)
        let gap = query.gap(horizon, retention: env.config.eventRetention)
        guard query.streaming else {
            let events = try env.store.events(
                after: query.after,
                types: query.types,
                concerning: query.user,
                limit: query.limit
            )
            return try reply(
                EventPage(
                    events: events,
                    lastId: events.last?.id ?? query.after,
                    newestId: horizon.newestID,
                    gap: Nullable(gap)
                )
            )
        }
        let stream = EventStream(store: env.store, query: query, gap: gap, keepalive: env.eventKeepalive)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                // A stream has no end of its own: it ends when curfewd stops, so shutdown is not held up by it.
                try await withGracefulShutdownHandler {
                    try await stream.run(send: { try await writer.write($0) })
                } onGracefulShutdown: {
                    stream.stop()
                }
                try await writer.finish(nil)
            }
        )
    }
}
