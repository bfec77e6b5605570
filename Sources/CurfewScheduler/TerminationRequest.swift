import CurfewCore
import CurfewStore
import Foundation

/// What an admin asks for; the scheduler checks it against logind and the configuration before queueing it.
public struct TerminationRequest: Sendable, Equatable {
    public enum TargetRequest: Sendable, Equatable {
        /// Session ids as typed; frozen to the live sessions they name at scheduling.
        case sessions([String])
        case user(String, SessionFilter)
        /// The members of a Unix group, resolved at the due time.
        case group(String, SessionFilter)
        case all(SessionFilter)
    }

    public var target: TargetRequest
    public var dueAt: Date
    public var reason: String
    /// nil takes the configured default plan.
    public var notices: NoticePlan?
    public var caller: Caller
    public var dryRun: Bool
    /// Ends the sessions now (audited as terminated-now).
    public var immediate: Bool
    /// A client's key for a request it may retry: the same key and request give back the same job.
    public var idempotency: Idempotency?
    /// Keeps the users out through the login gate after their sessions end.
    public var hold: HoldSpec?

    public init(
        target: TargetRequest,
        dueAt: Date,
        reason: String,
        notices: NoticePlan? = nil,
        caller: Caller,
        dryRun: Bool = false,
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

    public static let reasonLimit = 500
}

/// Why the scheduler refused a request or could not carry it out.
public struct SchedulerError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        /// The request itself is wrong (past time, unknown session, protected user, ...).
        case invalid
        case notFound
        /// The job's state does not allow it (cancelling a completed job).
        case conflict
        /// logind could not be asked.
        case unavailable
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
