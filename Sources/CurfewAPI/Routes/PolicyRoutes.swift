import CurfewCore
import Foundation
import Hummingbird

/// `GET /v1/policies`: the standing policies in force, what each watches and what it does next.
struct PolicyRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        router.get("v1/policies", use: list)
    }

    struct Reply: Encodable {
        var policies: [PolicyJSON]
    }

    @Sendable func list(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let now = env.now()
        let reports = await env.scheduler.policyReports()
        return try reply(Reply(policies: reports.map { PolicyJSON($0, now: now) }))
    }
}
