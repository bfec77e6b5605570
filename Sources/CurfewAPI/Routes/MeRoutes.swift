import CurfewCore
import Foundation
import Hummingbird

/// `GET /v1/me`: any local user's own sessions and what is scheduled to end them.
struct MeRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        router.get("v1/me", use: me)
    }

    struct Me: Encodable {
        var user: String
        var uid: UInt32
        /// Root or the admin group: everything else in the API is open to this caller too.
        var admin: Bool
        var sessions: [SessionJSON]
        var terminations: [TerminationJSON]
    }

    @Sendable func me(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let caller = context.caller
        // By uid, not name: the kernel vouches for the uid. logind names its user when NSS cannot.
        let mine = try await env.liveSessions().filter { $0.uid == caller.uid }
        let name = mine.first?.user ?? caller.name
        let protected = env.config.isProtected(name)
        let pending = protected ? [] : try env.store.pendingTerminations(affectingUsers: [name])
        let affecting = pending.filter { job in
            mine.contains(where: job.target.matches) || job.target.user == name
        }
        let now = env.now()
        let outlook = await env.scheduler.policyOutlook(for: mine.map(\.id))
        return try reply(
            Me(
                user: name,
                uid: caller.uid,
                admin: context.isAdmin,
                sessions: mine.map { SessionJSON($0, pending: affecting, policy: outlook[$0.id], now: now) },
                terminations: affecting.map { TerminationJSON($0, now: now) }
            )
        )
    }
}
