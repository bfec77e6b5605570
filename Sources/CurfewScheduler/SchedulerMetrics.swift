import CurfewCore
import Metrics

/// What the scheduler reports through swift-metrics (Prometheus in curfewd).
enum SchedulerMetrics {
    /// Seconds between a job's due time and the moment `firing` was written.
    static let lateness = Recorder(label: "curfew_fire_lateness_seconds", aggregate: true)

    static func sessions(_ result: SessionOutcome.Result) -> Counter {
        Counter(label: "curfew_sessions_total", dimensions: [("result", result.rawValue)])
    }

    static func finished(_ state: TerminationState) -> Counter {
        Counter(label: "curfew_terminations_finished_total", dimensions: [("state", state.rawValue)])
    }

    /// Terminals a notice reached.
    static func notices(_ kind: NoticeKind) -> Counter {
        Counter(label: "curfew_notices_delivered_total", dimensions: [("kind", kind.name)])
    }
}

/// Per policy: what it did.
extension SchedulerMetrics {
    /// Terminations a policy queued.
    static func policyEnforced(_ policy: String) -> Counter {
        Counter(label: "curfew_policy_terminations_total", dimensions: [("policy", policy)])
    }

    /// A policy's terminations it cancelled itself (activity, back within the limit, policy removed).
    static func policyRelieved(_ policy: String) -> Counter {
        Counter(label: "curfew_policy_cancellations_total", dimensions: [("policy", policy)])
    }

    static func policyAlarms(_ policy: String) -> Counter {
        Counter(label: "curfew_policy_alarms_total", dimensions: [("policy", policy)])
    }
}

/// The login gate.
extension SchedulerMetrics {
    /// Logins the gate refused, by rule (`hold`, `policy NAME`).
    static func loginRefused(_ rule: String) -> Counter {
        Counter(label: "curfew_logins_refused_total", dimensions: [("rule", rule)])
    }
}
