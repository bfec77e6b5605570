import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Hummingbird

/// `/v1/sessions`: the live sessions with what is scheduled for them, and ending sessions now.
struct SessionRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        let group = router.group("v1/sessions")
        group.get(use: list)
        group.delete(use: endUser)
        group.delete(":id", use: endSession)
    }

    @Sendable func list(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let query = try QueryParameters(request)
        let limit = try query.integer("limit", default: 100, in: 1...1000)
        let offset = try query.integer("offset", default: 0, in: 0...Int(Int32.max))
        let filter = SessionFilter(remoteHost: try query.text("remote_host"), service: try query.text("service"))
        let user = try query.text("user")
        let live = try await env.liveSessions()
            .filter { (user == nil || $0.user == user) && filter.matches($0) }
            .sorted { ($0.createdAt ?? .distantPast, $0.id) < ($1.createdAt ?? .distantPast, $1.id) }
        let page = Array(live.dropFirst(offset).prefix(limit))
        let pending = try env.store.pendingTerminations(affectingUsers: Set(page.map(\.user)))
        let now = env.now()
        let outlook = await env.scheduler.policyOutlook(for: page.map(\.id))
        let groupsOf = env.scheduler.directory.groupLookup()
        let items = page.map {
            SessionJSON(
                $0,
                pending: pending.filter { !env.config.isProtected($0.target.user ?? "") },
                groupsOf: groupsOf,
                policy: outlook[$0.id],
                now: now
            )
        }
        return try reply(Page(items: items, key: "sessions", total: live.count, limit: limit, offset: offset))
    }

    /// `DELETE /v1/sessions/{id}`: ends one session now.
    @Sendable func endSession(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw APIError.badRequest("'\(id)' is not a session id: expected letters and digits such as 12 or c1")
        }
        return try await endNow(.sessions([id]), request: request, context: context)
    }

    /// `DELETE /v1/sessions?user=NAME`: ends every session of a user now.
    @Sendable func endUser(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        guard let user = try QueryParameters(request).text("user") else {
            throw APIError.badRequest("name the user whose sessions end now: DELETE /v1/sessions?user=NAME")
        }
        return try await endNow(.user(user, .none), request: request, context: context)
    }

    private func endNow(
        _ target: TerminationRequest.TargetRequest,
        request: Request,
        context: CurfewRequestContext
    ) async throws -> Response {
        let query = try QueryParameters(request)
        let reason = try query.text("reason", maxLength: TerminationRequest.reasonLimit) ?? ""
        let hold = try env.holdSpec(hold: query.text("hold"), until: query.text("hold_until", maxLength: 200))
        return try await replying {
            let job = try await env.scheduler.terminateNow(
                TerminationRequest(
                    target: target,
                    dueAt: env.now(),
                    reason: reason,
                    caller: context.caller,
                    hold: hold
                )
            )
            return try reply(TerminationJSON(job, now: env.now()), status: job.state.isFinal ? .ok : .accepted)
        }
    }
}
