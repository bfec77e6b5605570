import CurfewCore
import Foundation
import GRDB

/// A row of `termination`. Times are seconds since the epoch, UTC. Rows are read and written column by column
/// (not through Codable): it is on the path of every request and every firing.
struct TerminationRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "termination"

    var id: Int64?
    var target: String
    var targetUser: String?
    var dueAt: Double
    var reason: String
    var notices: String
    var nextNotice: Int
    var callerUid: Int64
    var callerName: String
    var callerPid: Int64
    var state: String
    var createdAt: Double
    var firedAt: Double?
    var resolvedAt: Double?
    var finishedAt: Double?
    var dryRun: Bool
    var holdSeconds: Int64?
    var holdUntil: Double?

    enum Columns {
        static let id = Column("id")
        static let targetUser = Column("target_user")
        static let dueAt = Column("due_at")
        static let state = Column("state")
        static let nextNotice = Column("next_notice")
        static let firedAt = Column("fired_at")
        static let resolvedAt = Column("resolved_at")
        static let finishedAt = Column("finished_at")
    }

    init(row: Row) throws {
        id = row["id"]
        target = row["target"]
        targetUser = row["target_user"]
        dueAt = row["due_at"]
        reason = row["reason"]
        notices = row["notices"]
        nextNotice = row["next_notice"]
        callerUid = row["caller_uid"]
        callerName = row["caller_name"]
        callerPid = row["caller_pid"]
        state = row["state"]
        createdAt = row["created_at"]
        firedAt = row["fired_at"]
        resolvedAt = row["resolved_at"]
        finishedAt = row["finished_at"]
        dryRun = row["dry_run"]
        holdSeconds = row["hold_seconds"]
        holdUntil = row["hold_until"]
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["target"] = target
        container["target_user"] = targetUser
        container["due_at"] = dueAt
        container["reason"] = reason
        container["notices"] = notices
        container["next_notice"] = nextNotice
        container["caller_uid"] = callerUid
        container["caller_name"] = callerName
        container["caller_pid"] = callerPid
        container["state"] = state
        container["created_at"] = createdAt
        container["fired_at"] = firedAt
        container["resolved_at"] = resolvedAt
        container["finished_at"] = finishedAt
        container["dry_run"] = dryRun
        container["hold_seconds"] = holdSeconds
        container["hold_until"] = holdUntil
    }

    init(_ draft: TerminationDraft, createdAt: Date) throws {
        self.id = nil
        self.target = try TargetCache.json(draft.target)
        self.targetUser = draft.target.user
        self.dueAt = draft.dueAt.timeIntervalSince1970
        self.reason = draft.reason
        self.notices = Self.encode(draft.notices)
        self.nextNotice = draft.notices.firstStep(due: draft.dueAt, now: createdAt)
        self.callerUid = Int64(draft.caller.uid)
        self.callerName = draft.caller.name
        self.callerPid = Int64(draft.caller.pid)
        self.state = TerminationState.scheduled.rawValue
        self.createdAt = createdAt.timeIntervalSince1970
        self.dryRun = draft.dryRun
        switch draft.hold {
        case .duration(let seconds)?: self.holdSeconds = Int64(seconds)
        case .until(let instant)?: self.holdUntil = instant.timeIntervalSince1970
        case nil: break
        }
    }

    var hold: HoldSpec? {
        if let holdSeconds { return .duration(Int(holdSeconds)) }
        return holdUntil.map { .until(Date(timeIntervalSince1970: $0)) }
    }

    static func encode(_ plan: NoticePlan) -> String {
        plan.leads.map(String.init).joined(separator: ",")
    }

    static func decodePlan(_ text: String) throws -> NoticePlan {
        try NoticePlan(leads: text.split(separator: ",").map { Int($0) ?? 0 })
    }

    /// The row's target; nil when it cannot be read (a row written by a later version, say).
    var decodedTarget: Target? {
        try? TargetCache.target(target)
    }

    /// The termination this row is; `known` and `plan` spare decoding what the caller already has.
    func termination(
        target known: Target? = nil,
        notices plan: NoticePlan? = nil,
        sessions: [SessionOutcome],
        history: [Transition]
    ) throws -> Termination {
        Termination(
            id: TerminationID(id!),
            target: try known ?? TargetCache.target(target),
            dueAt: Date(timeIntervalSince1970: dueAt),
            reason: reason,
            notices: try plan ?? Self.decodePlan(notices),
            caller: Caller(uid: UInt32(callerUid), name: callerName, pid: Int32(callerPid)),
            state: TerminationState(rawValue: state) ?? .failed,
            createdAt: Date(timeIntervalSince1970: createdAt),
            firedAt: firedAt.map(Date.init(timeIntervalSince1970:)),
            dryRun: dryRun,
            nextNotice: nextNotice,
            sessions: sessions,
            history: history,
            hold: hold
        )
    }
}

/// A termination as asked for, before the store gives it an id.
public struct TerminationDraft: Sendable, Equatable {
    public var target: Target
    public var dueAt: Date
    public var reason: String
    public var notices: NoticePlan
    public var caller: Caller
    public var dryRun: Bool
    /// Ends sessions now rather than at a later time (audited as terminated-now).
    public var immediate: Bool
    public var idempotency: Idempotency?
    public var hold: HoldSpec?

    public init(
        target: Target,
        dueAt: Date,
        reason: String,
        notices: NoticePlan,
        caller: Caller,
        dryRun: Bool,
        immediate: Bool = false,
        idempotency: Idempotency? = nil,
        hold: HoldSpec? = nil
    ) {
        self.target = target
        self.dueAt = dueAt
        self.reason = reason
        self.notices = notices
        self.caller = caller
        self.dryRun = dryRun
        self.immediate = immediate
        self.idempotency = idempotency
        self.hold = hold
    }
}

/// A client's key for a request it may retry, scoped to the caller's uid, with a digest of the request so the same
/// key cannot stand for two different requests.
public struct Idempotency: Sendable, Equatable {
    public var key: String
    public var uid: UInt32
    public var requestHash: String

    public init(key: String, uid: UInt32, requestHash: String) {
        self.key = key
        self.uid = uid
        self.requestHash = requestHash
    }
}

/// What the scheduler keeps of a pending job: when its next events are. Everything else stays in the store.
public struct PendingJob: Sendable, Equatable {
    public var id: TerminationID
    public var dueAt: Date
    public var notices: NoticePlan
    public var nextNotice: Int
    public var state: TerminationState

    public init(id: TerminationID, dueAt: Date, notices: NoticePlan, nextNotice: Int, state: TerminationState) {
        self.id = id
        self.dueAt = dueAt
        self.notices = notices
        self.nextNotice = nextNotice
        self.state = state
    }
}

/// What an idempotency key is unique within: the key and the caller's uid.
struct IdempotencyScope: Hashable {
    var key: String
    var uid: UInt32

    init(_ idempotency: Idempotency) {
        key = idempotency.key
        uid = idempotency.uid
    }
}
