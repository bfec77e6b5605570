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
