import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/v1/terminations`: queue, list, show, reschedule, cancel.
struct TerminationRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        let group = router.group("v1/terminations")
        group.post(use: create)
        group.get(use: list)
        group.get(":id", use: show)
        group.patch(":id", use: reschedule)
        group.delete(":id", use: cancel)
    }

    @Sendable func create(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let (body, raw) = try await request.json(CreateTerminationBody.self, context: context)
        let idempotency = try request.headers[.idempotencyKey].map { key in
            guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0.isPrintable })
            else {
                throw APIError.badRequest("Idempotency-Key must be 1 to 200 visible ASCII characters")
            }
            return Idempotency(key: key, uid: context.caller.uid, requestHash: digest(raw))
        }
        return try await replying {
            let due = try env.dueTime(at: body.at, within: body.within)
            let hold = try env.holdSpec(hold: body.hold, until: body.holdUntil)
            let job = try await env.scheduler.schedule(
                TerminationRequest(
                    target: body.target.target,
                    dueAt: due.instant,
                    reason: body.reason ?? "",
                    notices: try body.noticePlan(),
                    caller: context.caller,
                    dryRun: body.dryRun ?? false,
                    idempotency: idempotency,
                    hold: hold
                )
            )
            return try reply(
                TerminationJSON(job, now: env.now(), notes: due.notes),
                status: .created,
                headers: [.location: "/v1/terminations/\(job.id)"]
            )
        }
    }

    @Sendable func list(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let query = try QueryParameters(request)
        let limit = try query.integer("limit", default: 100, in: 1...1000)
        let offset = try query.integer("offset", default: 0, in: 0...Int(Int32.max))
        let state = try query.choice("state", of: TerminationState.self)
        let user = try query.text("user")
        let jobs = try env.store.terminations(state: state, user: user, limit: limit, offset: offset)
        let total = try env.store.count(state: state, user: user)
        let now = env.now()
        return try reply(
            Page(
                items: jobs.map { TerminationJSON($0, now: now) },
                key: "terminations",
                total: total,
                limit: limit,
                offset: offset
            )
        )
    }

    @Sendable func show(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let id = try request.terminationID(context)
        guard let job = try env.store.termination(id) else { throw APIError.notFound("no termination \(id)") }
        var shown = TerminationJSON(job, now: env.now())
        shown.noticesSent = try env.store.notices(of: id).map(TerminationJSON.NoticeSent.init)
        return try reply(shown)
    }

    @Sendable func reschedule(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let id = try request.terminationID(context)
        let (body, _) = try await request.json(RescheduleBody.self, context: context)
        return try await replying {
            let due = try env.dueTime(at: body.at, within: body.within)
            let job = try await env.scheduler.reschedule(id, to: due.instant, by: context.caller)
            return try reply(TerminationJSON(job, now: env.now(), notes: due.notes))
        }
    }

    @Sendable func cancel(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let id = try request.terminationID(context)
        return try await replying {
            try reply(TerminationJSON(try await env.scheduler.cancel(id, by: context.caller), now: env.now()))
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}

extension Character {
    fileprivate var isPrintable: Bool { ("!"..."~").contains(self) }
}
