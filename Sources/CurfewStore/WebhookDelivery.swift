import CurfewCore
import Foundation

/// One event on its way to one webhook endpoint: the row of the outbox the endpoint's deliverer works through in
/// event order. Its id is sent with every attempt, so a receiver can drop repeats.
public struct WebhookDelivery: Sendable, Equatable {
    public enum State: String, Sendable {
        case pending
        case delivered
        /// Given up after the endpoint's max_age.
        case failed
    }

    public var id: String
    /// The endpoint's URL.
    public var webhook: String
    public var eventID: Int64
    public var eventType: EventKind?
    /// The event's JSON, fixed when the delivery was made: every attempt sends the same bytes.
    public var body: Data
    public var state: State
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    public var lastError: String?

    public init(
        id: String,
        webhook: String,
        eventID: Int64,
        eventType: EventKind?,
        body: Data,
        state: State = .pending,
        attempts: Int = 0,
        createdAt: Date,
        nextAttemptAt: Date,
        lastError: String? = nil
    ) {
        self.id = id
        self.webhook = webhook
        self.eventID = eventID
        self.eventType = eventType
        self.body = body
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// How one endpoint's deliveries stand, for `GET /v1/status` and metrics. Never holds the secret.
public struct WebhookStanding: Sendable, Equatable {
    public var url: String
    public var pending: Int
    public var delivered: Int
    public var failed: Int
    public var lastError: String?
    public var lastErrorAt: Date?
    public var lastSuccessAt: Date?
    /// The oldest pending delivery's creation time: how far behind the endpoint is.
    public var oldestPendingAt: Date?

    public init(
        url: String,
        pending: Int = 0,
        delivered: Int = 0,
        failed: Int = 0,
        lastError: String? = nil,
        lastErrorAt: Date? = nil,
        lastSuccessAt: Date? = nil,
        oldestPendingAt: Date? = nil
    ) {
        self.url = url
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.lastSuccessAt = lastSuccessAt
        self.oldestPendingAt = oldestPendingAt
    }
}
