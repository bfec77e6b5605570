import CurfewCore
import CurfewScheduler
import Foundation

/// A live session with the scheduled terminations that would end it.
struct SessionJSON: Encodable, Sendable {
    struct Pending: Encodable, Sendable {
        var id: Int64
        var dueAt: String
        var secondsLeft: Double
        var reason: String
    }

    var id: String
    var user: String
    var uid: UInt32
    var remoteHost: Nullable<String>
    var remoteUser: Nullable<String>
    var tty: Nullable<String>
    var service: Nullable<String>
    var type: Nullable<String>
    var sessionClass: Nullable<String>
    var state: Nullable<String>
    var seat: Nullable<String>
    var leader: Nullable<Int32>
    var createdAt: Nullable<String>
    var idle: Bool
    var idleSince: Nullable<String>
    var terminations: [Pending]
    /// The policy that will end it first, if one will.
    var policy: Nullable<PolicyEndJSON>

    enum CodingKeys: String, CodingKey {
        case id, user, uid, remoteHost, remoteUser, tty, service, type
        case sessionClass = "class"
        case state, seat, leader, createdAt, idle, idleSince, terminations, policy
    }

    init(
        _ session: Session,
        pending: [Termination],
        groupsOf: (Session) -> Set<String>,
        policy: PolicyOutlook? = nil,
        now: Date
    ) {
        id = session.id
        user = session.user
        uid = session.uid
        remoteHost = Nullable(session.remoteHost)
        remoteUser = Nullable(session.remoteUser)
        tty = Nullable(session.tty)
        service = Nullable(session.service)
        type = Nullable(session.type)
        sessionClass = Nullable(session.sessionClass)
        state = Nullable(session.state)
        seat = Nullable(session.seat)
        leader = Nullable(session.leader)
        createdAt = Nullable(session.createdAt.map(TimeText.rfc3339))
        idle = session.idleHint
        idleSince = Nullable(session.idleSince.map(TimeText.rfc3339))
        self.policy = Nullable(policy.map { PolicyEndJSON($0, now: now) })
        terminations = pending.filter { $0.target.matches(session, groupsOf: groupsOf) }.sorted { $0.dueAt < $1.dueAt }
            .map {
                Pending(
                    id: $0.id.rawValue,
                    dueAt: TimeText.rfc3339($0.dueAt),
                    secondsLeft: max(0, ($0.dueAt.timeIntervalSince(now) * 1000).rounded() / 1000),
                    reason: $0.reason
                )
            }
    }
}

struct AuditJSON: Encodable, Sendable {
    var id: Int64
    var at: String
    var actor: CallerJSON
    var action: String
    var target: Nullable<String>
    var terminationId: Nullable<Int64>
    var sessionId: Nullable<String>
    var reason: Nullable<String>
    var result: String

    init(_ entry: AuditEntry) {
        id = entry.id ?? 0
        at = TimeText.rfc3339(entry.at)
        actor = CallerJSON(entry.actor)
        action = entry.action.rawValue
        target = Nullable(entry.target)
        terminationId = Nullable(entry.terminationID?.rawValue)
        sessionId = Nullable(entry.sessionID)
        reason = Nullable(entry.reason)
        result = entry.result
    }
}
