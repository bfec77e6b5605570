import CurfewCore
import CurfewStore
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
        gauge(env, "events_newest_id", "", "The newest event's id").set(Double(try env.store.eventHorizon().newestID))
        let disk = env.store.diskStatus
        gauge(env, "disk_full", "", "1 while the state directory is full: new jobs refused, firing from the reserve")
            .set(Double(disk.isFull ? 1 : 0))
        gauge(env, "disk_reserve", "bytes", "Room held back for firing on the state directory's file system")
            .set(Double(disk.reserveHeld))
        for standing in try env.store.webhookStandings(env.config.webhooks.map(\.url)) {
            let labels = [("url", standing.url)]
            gauge(env, "webhook_pending", "", "Deliveries waiting for a webhook endpoint", labels: labels)
                .set(Double(standing.pending))
            gauge(env, "webhook_failed", "", "Deliveries dropped after max_age, by endpoint", labels: labels)
                .set(Double(standing.failed))
            gauge(env, "webhook_oldest_pending_age", "seconds", "Age of the oldest waiting delivery", labels: labels)
                .set(standing.oldestPendingAt.map { max(0, env.now().timeIntervalSince($0)) } ?? 0)
        }
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
