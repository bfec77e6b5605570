import AsyncHTTPClient
import CurfewCore
import CurfewStore
import Foundation
import Logging
import NIOCore

/// Sends every event to the webhook endpoints that want it, from the store's outbox: per endpoint in event order, each
/// delivery retried with exponential back-off until it is delivered or older than the endpoint's max_age. Endpoints
/// are served side by side, so a dead receiver holds up only its own queue.
public struct WebhookDispatcher: Sendable {
    let store: TerminationStore
    let endpoints: [WebhookEndpoint]
    let poster: WebhookPoster
    let clock: any WebhookClock
    let backoff: Backoff
    let logger: Logger

    /// How early a delivery may go out. The store keeps times as seconds since 1970 in a `Double`, and a `Date` does
    /// not always survive that round trip: it can read back a fraction of a microsecond later. Without this slack a
    /// delivery made at `now` is not due at `now`, and waits for a clock that, standing still, never gets there.
    static let dueSlack: TimeInterval = 0.001

    /// How the HTTP client for webhooks is set up: no redirects followed, and a refused connection reported at
    /// once rather than retried inside the client (the outbox has its own back-off).
    public static var httpConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return configuration
    }

    public init(
        store: TerminationStore,
        endpoints: [WebhookEndpoint],
        http: HTTPClient,
        clock: any WebhookClock = SystemWebhookClock(),
        backoff: Backoff = Backoff(),
        timeout: TimeAmount = .seconds(10),
        logger: Logger = Logger(label: "curfew.webhooks")
    ) {
        self.store = store
        self.endpoints = endpoints
        self.poster = WebhookPoster(http: http, timeout: timeout)
        self.clock = clock
        self.backoff = backoff
        self.logger = logger
    }

    /// Opens each endpoint's place in the event log: call at start-up before anything can publish events, so an
    /// endpoint added to the configuration gets everything from then on.
    public static func prepare(store: TerminationStore, endpoints: [WebhookEndpoint], at now: Date) throws {
        for endpoint in endpoints {
            try store.fillOutbox(for: endpoint, at: now)
        }
    }

    /// Delivers, until stopped, whatever is due and whatever new events bring.
    public func run() async {
        guard !endpoints.isEmpty else { return }
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let feed = store.eventFeed.listen()
        let forwarding = Task {
            for await _ in feed { wake.yield() }
        }
        defer { forwarding.cancel() }
        var iterator = wakeups.makeAsyncIterator()
        while !Task.isCancelled {
            let next = await deliverDue()
            let alarm = next.map { deadline in
                Task { [clock] in
                    try await clock.sleep(until: deadline)
                    wake.yield()
                }
            }
            _ = await iterator.next()
            alarm?.cancel()
        }
    }

    /// One pass over every endpoint: fills its outbox from new events and sends what is due, in order, until a
    /// delivery fails or is not due yet. Returns when the next attempt is due, if one is waiting.
    @discardableResult
    public func deliverDue() async -> Date? {
        await withTaskGroup(of: Date?.self) { group in
            for endpoint in endpoints {
                group.addTask { await deliverDue(to: endpoint) }
            }
            var earliest: Date?
            for await next in group {
                if let next, next < earliest ?? .distantFuture { earliest = next }
            }
            return earliest
        }
    }

    private func deliverDue(to endpoint: WebhookEndpoint) async -> Date? {
        do {
            try store.fillOutbox(for: endpoint, at: clock.now())
            while true {
                let batch = try store.pendingDeliveries(for: endpoint.url)
                guard !batch.isEmpty else { return nil }
                for delivery in batch {
                    if let wait = try await attempt(delivery, to: endpoint) { return wait }
                }
            }
        } catch let error as StoreError where error.code == .diskFull {
            // Paused while the disk is full: the events wait in the log behind the endpoint's cursor, and the
            // disk.recovered event wakes this loop when there is room again. A delivery sent but not marked is sent
            // again then, under the same Curfew-Delivery id.
            logger.debug("webhook \(endpoint.url): paused while the disk is full")
            return clock.now().addingTimeInterval(backoff.cap)
        } catch {
            logger.error("webhook \(endpoint.url): the outbox cannot be read or written: \(error)")
            return clock.now().addingTimeInterval(backoff.cap)
        }
    }

    /// Sends one delivery if it is due; returns when to come back if the endpoint's queue must wait.
    private func attempt(_ delivery: WebhookDelivery, to endpoint: WebhookEndpoint) async throws -> Date? {
        let now = clock.now()
        let expiry = delivery.createdAt.addingTimeInterval(TimeInterval(endpoint.maxAge))
        guard delivery.nextAttemptAt <= now.addingTimeInterval(Self.dueSlack) else { return delivery.nextAttemptAt }
        switch await poster.post(delivery, to: endpoint, at: now) {
        case .delivered:
            try store.markDelivered(delivery.id, at: clock.now())
            WebhookMetrics.deliveries(.delivered).increment()
            return nil
        case .failed where Task.isCancelled:
            // Cut short by curfewd stopping: no failure of the receiver's. The delivery stays as it was and goes first
            // at the next start, under the same id (a receiver that had it already sees the id again).
            return delivery.nextAttemptAt
        case .failed(let reason):
            let after = clock.now()
            let attempts = delivery.attempts + 1
            if after >= expiry {
                let error = "dropped after \(attempts) attempts over \(DurationText.format(endpoint.maxAge)): \(reason)"
                try store.markAttemptFailed(delivery.id, error: error, retryAt: nil, at: after)
                WebhookMetrics.deliveries(.dropped).increment()
                logger.error("webhook \(endpoint.url): event \(delivery.eventID) \(error)")
                return nil
            }
            // The last try is at max_age itself, however long the back-off has grown.
            let retry = min(after.addingTimeInterval(backoff.delay(after: attempts)), expiry)
            try store.markAttemptFailed(delivery.id, error: reason, retryAt: retry, at: after)
            WebhookMetrics.deliveries(.retried).increment()
            logger.warning(
                "webhook \(endpoint.url): event \(delivery.eventID) not delivered (\(reason)); attempt \(attempts + 1) at \(TimeText.rfc3339(retry))"
            )
            return retry
        }
    }
}
