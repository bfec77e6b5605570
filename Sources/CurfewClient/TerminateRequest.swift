import CurfewText

/// What `curfewctl terminate` was asked, as typed: checked and turned into its request body the same way by the full
/// command and by the quick path, so both send the same bytes (an idempotent retry by either one matches).
public struct TerminateRequest: Sendable, Equatable {
    public var sessions: [String] = []
    public var user: String?
    public var group: String?
    public var all = false
    public var remoteHost: String?
    public var service: String?
    public var tty: String?
    public var sessionClass: String?
    public var type: String?
    public var at: String?
    public var within: String?
    public var now = false
    public var reason: String?
    public var notice: String?
    public var noNotice = false
    public var dryRun = false
    public var hold: String?
    public var holdUntil: String?

    public static let reasonLimit = 500

    public init() {}

    var hasFilters: Bool { [remoteHost, service, tty, sessionClass, type].contains { $0 != nil } }

    /// What is wrong with the command line, in words for the admin; nil when nothing is. Fleet options are the
    /// full command's to check.
    public func problem() -> String? {
        switch [!sessions.isEmpty, user != nil, group != nil, all].filter({ $0 }).count {
        case 0: return "say what to end: --session ID..., --user NAME, --group NAME or --all"
        case 1: break
        default: return "give only one of --session, --user, --group or --all"
        }
        if !sessions.isEmpty, hasFilters {
            return "--remote-host, --service, --tty, --class and --type narrow --user, --group or --all, not --session"
        }
        if let bad = sessions.first(where: { !Self.isSessionID($0) }) {
            return "'\(bad)' is not a session id: expected letters and digits such as 12 or c1"
        }
        if user?.isEmpty == true { return "--user needs a user name" }
        if group?.isEmpty == true { return "--group needs a group name" }
        switch [at != nil, within != nil, now].filter({ $0 }).count {
        case 0: return "say when: one of --at, --in, --now"
        case 1: break
        default: return "give only one of --at, --in, --now"
        }
        if let at {
            if at.trimmingBlanks().isEmpty { return "--at needs a time such as 18:00" }
            if at.trimmingBlanks().lowercased() == "now" {
                return "to end sessions now, use --now (it asks for confirmation)"
            }
        }
        if let within, let problem = Self.problem(within, DurationText.parse) { return problem }
        if notice != nil, noNotice { return "give either --notice or --no-notice, not both" }
        if now, notice != nil || noNotice {
            return "--now sends only a final notice; --notice and --no-notice go with --at or --in"
        }
        if let notice, let problem = Self.problem(notice, NoticePlan.init(parsing:)) { return problem }
        if hold != nil, holdUntil != nil { return "give either --hold or --hold-until, not both" }
        if let hold, let problem = Self.problem(hold, DurationText.parse) { return "--hold: \(problem)" }
        if holdUntil?.trimmingBlanks().isEmpty == true { return "--hold-until needs a time such as 'tomorrow 08:00'" }
        if let reason, reason.count > Self.reasonLimit {
            return "--reason is \(reason.count) characters long; at most \(Self.reasonLimit)"
        }
        return nil
    }

    private static func problem<Value>(_ text: String, _ parse: (String) throws(InputError) -> Value) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    /// logind's ids: letters and digits, as the daemon accepts them in a path.
    public static func isSessionID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    public var target: TargetBody {
        guard sessions.isEmpty else { return TargetBody(sessions: sessions) }
        return TargetBody(
            user: user,
            group: group,
            all: all ? true : nil,
            remoteHost: remoteHost,
            service: service,
            tty: tty,
            sessionClass: sessionClass,
            type: type
        )
    }

    /// The request for a job, once `problem()` found nothing: `at` and `within` as typed, the notice plan
    /// normalised, defaults left to curfewd.
    public func body() -> TerminationBody {
        let plan = notice.flatMap { try? NoticePlan(parsing: $0) }
        return TerminationBody(
            target: target,
            at: at,
            within: within,
            reason: reason,
            notices: plan.flatMap { $0.leads.isEmpty ? nil : $0.leads.map(DurationText.format) },
            noNotice: noNotice || plan == NoticePlan.none ? true : nil,
            dryRun: dryRun ? true : nil,
            hold: hold,
            holdUntil: holdUntil
        )
    }
}
