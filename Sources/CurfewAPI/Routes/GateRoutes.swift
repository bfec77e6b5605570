import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Hummingbird

/// The login gate, asked from PAM by `curfewctl pam-account` and `pam-session` (as root), or by a user about
/// themselves:
/// - `POST /v1/gate`: may USER log in now from REMOTE_HOST through SERVICE; refusals are audited and published.
/// - `POST /v1/gate/session`: the sessions of USER that curfew ended and the user has not been told about, each
///   returned once.
/// - `GET /v1/holds`, `DELETE /v1/holds/{user}`: the holds in force, and lifting one (admins only).
struct GateRoutes {
    let env: APIEnvironment

    /// How far back the next login tells of a session curfew ended.
    static let tellWithin: TimeInterval = 30 * 86_400

    func add(to router: Router<CurfewRequestContext>) {
        router.post("v1/gate", use: gate)
        router.post("v1/gate/session", use: session)
        router.get("v1/holds", use: holds)
        router.delete("v1/holds/:user", use: lift)
    }

    struct Answer: Encodable {
        var allowed: Bool
        var message: String?
        var rule: String?
    }

    @Sendable func gate(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let query = try await self.query(request, context: context)
        return try await replying {
            let answer = try await env.scheduler.admit(query, asker: context.caller)
            return try reply(Answer(allowed: answer.allowed, message: answer.message, rule: answer.rule))
        }
    }

    struct Told: Encodable {
        var user: String
        var messages: [String]
        var sessions: [EndedSessionJSON]
    }

    @Sendable func session(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let query = try await self.query(request, context: context)
        let now = env.now()
        return try await replying {
            let ended = try env.store.takeUntoldEnds(
                of: query.user,
                since: now.addingTimeInterval(-Self.tellWithin),
                at: now
            )
            let host = ProcessInfo.processInfo.hostName
            let shown = ended.map { EndedSessionJSON($0, host: host, contact: env.config.contact) }
            return try reply(Told(user: query.user, messages: shown.map(\.message), sessions: shown))
        }
    }

    struct Holds: Encodable {
        var holds: [HoldJSON]
    }

    @Sendable func holds(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let now = env.now()
        return try await replying {
            try reply(Holds(holds: try env.store.activeHolds(at: now).map { HoldJSON($0, now: now) }))
        }
    }

    struct Lifted: Encodable {
        var user: String
        var lifted: [HoldJSON]
    }

    @Sendable func lift(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let user = context.parameters.get("user") ?? ""
        do {
            _ = try GateQuery(user: user, remoteHost: nil, service: "curfewctl")
        } catch {
            throw APIError.badRequest(error.message)
        }
        let now = env.now()
        return try await replying {
            let lifted = try env.store.liftHolds(of: user, by: context.caller, at: now)
            guard !lifted.isEmpty else {
                throw APIError.notFound("\(user) is not held; curfewctl holds lists the holds in force")
            }
            return try reply(Lifted(user: user, lifted: lifted.map { HoldJSON($0, now: now) }))
        }
    }

    /// The body read and checked; a bad one is audited (escaped) and answered 400 with what was wrong. A caller
    /// outside the admin group may only ask about themselves.
    private func query(
        _ request: Request,
        context: CurfewRequestContext
    ) async throws -> GateQuery {
        let (body, _) = try await request.json(GateBody.self, context: context)
        let query: GateQuery
        do {
            query = try GateQuery(user: body.user, remoteHost: body.remoteHost, service: body.service)
        } catch {
            try? env.store.appendAudit(
                AuditEntry(
                    at: env.now(),
                    actor: context.caller,
                    action: .refused,
                    target: "\(request.uri.path): \(body.escaped)",
                    result: "400: \(error.message)"
                )
            )
            throw APIError.badRequest(error.message)
        }
        guard context.isAdmin || query.user == context.caller.name else {
            try? env.store.appendAudit(
                AuditEntry(
                    at: env.now(),
                    actor: context.caller,
                    action: .denied,
                    target: "\(request.method) \(request.uri.path): \(body.escaped)",
                    result: "403: asked about another user"
                )
            )
            throw APIError.forbidden(
                "\(context.caller.name) may ask the gate only about their own logins; asking about \(query.user) needs root or the admin group"
            )
        }
        return query
    }
}
