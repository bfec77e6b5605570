import CurfewCore
import CurfewScheduler
import Foundation

/// What a policy will do to a session, and when: shown with each session ("idle limit 14:32 (office-idle)").
struct PolicyEndJSON: Encodable, Sendable {
    var policy: String
    var what: String
    var at: String
    var secondsLeft: Double
    var dryRun: Bool

    init(_ outlook: PolicyOutlook, now: Date) {
        policy = outlook.policy
        what = outlook.what
        at = TimeText.rfc3339(outlook.at)
        secondsLeft = max(0, (outlook.at.timeIntervalSince(now) * 1000).rounded() / 1000)
        dryRun = outlook.dryRun
    }
}

/// One policy for `GET /v1/policies`: its settings and scope, the sessions in scope now, and its next action.
struct PolicyJSON: Encodable, Sendable {
    struct Scope: Encodable, Sendable {
        var users: Nullable<[String]>
        var groups: Nullable<[String]>
        var exceptUsers: [String]
        var exceptGroups: [String]
        var services: Nullable<[String]>
        var remoteHosts: Nullable<[String]>
        var classes: Nullable<[String]>
        var types: Nullable<[String]>
        var summary: String
    }

    struct Next: Encodable, Sendable {
        var session: String
        var end: PolicyEndJSON
    }

    struct Exempt: Encodable, Sendable {
        var session: String
        var why: String
    }

    var name: String
    var kind: String
    var settings: [String: String]
    var scope: Scope
    var notices: [Int]
    var reason: String
    var dryRun: Bool
    var sessions: [String]
    var pendingTerminations: [Int64]
    var next: Nullable<Next>
    var exempt: [Exempt]

    init(_ report: PolicyReport, now: Date) {
        let policy = report.policy
        name = policy.name
        kind = policy.kind.name
        settings = policy.kind.facts
        let scope = policy.scope
        self.scope = Scope(
            users: Nullable(scope.users?.sorted()),
            groups: Nullable(scope.groups?.sorted()),
            exceptUsers: scope.exceptUsers.sorted(),
            exceptGroups: scope.exceptGroups.sorted(),
            services: Nullable(scope.services?.sorted()),
            remoteHosts: Nullable(scope.remoteHosts?.map(\.text)),
            classes: Nullable(scope.classes?.sorted()),
            types: Nullable(scope.types?.sorted()),
            summary: scope.summary
        )
        notices = report.notices.leads
        reason = policy.reasonText()
        dryRun = policy.dryRun
        sessions = report.sessions
        pendingTerminations = report.pending.map(\.rawValue)
        next = Nullable(
            zip(report.nextSession, report.next).map { Next(session: $0, end: PolicyEndJSON($1, now: now)) }
        )
        exempt = report.exempt.sorted { $0.key < $1.key }.map { Exempt(session: $0.key, why: $0.value) }
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
