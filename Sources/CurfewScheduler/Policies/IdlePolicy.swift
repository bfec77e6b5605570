import CurfewCore
import Foundation

/// `idle`: a session idle for `limit` ends. Graphical sessions go by logind's idle hint; terminal sessions by the
/// terminal's times, read when asked (at the deadline and at each notice step). Sessions with neither are never
/// idle-ended.
struct IdlePolicy: PolicyRule {
    let rule: IdleRule

    static let graphicalTypes: Set<String> = ["x11", "wayland", "mir"]
    /// The kernel moves a terminal's times at most every 8 s: output within this after a notice is the notice's.
    static let resolution: TimeInterval = 10

    func verdict(for session: Session, in context: PolicyContext) -> PolicyVerdict {
        let limit = TimeInterval(rule.limit)
        if Self.graphicalTypes.contains(session.type ?? "") {
            guard session.idleHint, let since = session.idleSince else { return .keep }
            return .end(at: since.addingTimeInterval(limit), what: "idle limit")
        }
        guard let last = lastActivity(of: session, in: context) else { return .keep }
        return .end(at: last.addingTimeInterval(limit), what: "idle limit")
    }

    /// When the user last used the session's terminal; nil when it has none or it cannot be read.
    func lastActivity(of session: Session, in context: PolicyContext) -> Date? {
        guard let tty = session.tty, let times = context.terminals.activity(of: tty) else { return nil }
        var last = times.input
        if rule.activity == .inputOrOutput {
            // curfew's own notices are output too; they must not count as the user's activity.
            let ours = context.lastNotice.map { times.output <= $0.addingTimeInterval(Self.resolution) } ?? false
            if !ours { last = max(last, times.output) }
        }
        // A terminal untouched since before the login was idle from the login.
        return max(last, session.createdAt ?? last)
    }

    static func hasIdleSource(_ session: Session) -> Bool {
        graphicalTypes.contains(session.type ?? "") || session.tty != nil
    }

    var relief: String { "activity" }
}
