import Metrics

/// What the outbox reports through swift-metrics (Prometheus in curfewd).
enum WebhookMetrics {
    enum Result: String {
        /// The receiver answered 2xx.
        case delivered
        /// An attempt failed; the delivery will be tried again.
        case retried
        /// Given up after the endpoint's max_age.
        case dropped
    }

    static func deliveries(_ result: Result) -> Counter {
        Counter(label: "curfew_webhook_deliveries_total", dimensions: [("result", result.rawValue)])
    }
}
