import Foundation

/// A receiver that gets every event of the types it asked for, POSTed as JSON and signed with its secret.
public struct WebhookEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// Where events are POSTed: an http or https URL. It also names the endpoint in status and in the outbox.
    public var url: String
    /// The HMAC-SHA256 key; never logged, shown or served.
    public var secret: String
    /// The types it receives; every type when nil.
    public var events: Set<EventKind>?
    /// How long a delivery is retried before it is dropped as failed.
    public var maxAge: Int

    public static let defaultMaxAge = 86_400

    public init(url: String, secret: String, events: Set<EventKind>? = nil, maxAge: Int = Self.defaultMaxAge) {
        self.url = url
        self.secret = secret
        self.events = events
        self.maxAge = maxAge
    }

    public func wants(_ kind: EventKind) -> Bool {
        events?.contains(kind) ?? true
    }

    /// The endpoint without its secret, for logs and `--check-config`.
    public var description: String {
        let types = events.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all"
        return "\(url) (events: \(types); max_age: \(DurationText.format(maxAge)); secret: set)"
    }
}
