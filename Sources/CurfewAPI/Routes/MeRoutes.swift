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
        /// Sessions curfew ended in the last 30 days, newest first.
        var endedSessions: [EndedSessionJSON]
        /// The hold keeping this user out of new logins, if any.
        var hold: HoldJSON?
    }

    @Sendable func me(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let caller = context.caller
        // By uid, not name: the kernel vouches for the uid. logind names its user when NSS cannot.
        let mine = try await env.liveSessions().filter { $0.uid == caller.uid }
        let name = mine.first?.user ?? caller.name
        let protected = env.config.isProtected(name)
        let pending = protected ? [] : try env.store.pendingTerminations(affectingUsers: [name])
        let groupsOf = env.scheduler.directory.groupLookup()
        let affecting = pending.filter { job in
            mine.contains { job.target.matches($0, groupsOf: groupsOf) } || job.target.user == name
        }
        let now = env.now()
        let outlook = await env.scheduler.policyOutlook(for: mine.map(\.id))
        let ended = try env.store.endedSessions(of: name, since: now.addingTimeInterval(-GateRoutes.tellWithin))
        let host = ProcessInfo.processInfo.hostName
        let hold = try env.store.activeHold(of: name, at: now)
        return try reply(
            Me(
                user: name,
                uid: caller.uid,
                admin: context.isAdmin,
                sessions: mine.map {
                    SessionJSON($0, pending: affecting, groupsOf: groupsOf, policy: outlook[$0.id], now: now)
                },
                terminations: affecting.map { TerminationJSON($0, now: now) },
                endedSessions: ended.map { EndedSessionJSON($0, host: host, contact: env.config.contact) },
                hold: hold.map { HoldJSON($0, now: now) }
            )
        )
    }
}
