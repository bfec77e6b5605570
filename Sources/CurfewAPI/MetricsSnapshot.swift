import CurfewCore
import Foundation
import Prometheus

/// Gauges read from the queue when /metrics is scraped; counters are kept where things happen.
enum MetricsSnapshot {
    static func update(_ env: APIEnvironment) async throws {
        let counts = try env.store.countsByState()
        for state in TerminationState.allCases {
            gauge(env, "terminations", "", "Terminations in the store, by state", labels: [("state", state.rawValue)])
                .set(Double(counts[state] ?? 0))
        }
        gauge(env, "pending", "", "Jobs in the scheduler's queue").set(Double(await env.scheduler.pendingCount))
        let next = await env.scheduler.nextDeadline
        gauge(env, "next_event_timestamp", "seconds", "When the scheduler's alarm is set for (0: not set)")
            .set(next?.timeIntervalSince1970 ?? 0)
        gauge(env, "alarms", "", "Times the scheduler's alarm went off").set(Double(await env.scheduler.wakeups))
    }

    private static func gauge(
        _ env: APIEnvironment,
        _ name: String,
        _ unit: String,
        _ help: String,
        labels: [(String, String)] = []
    ) -> Gauge {
        env.metrics.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "curfew", metricName: name, unitName: unit, helpText: help),
            labels: labels
        )
    }
}
