import Foundation

/// The time the outbox sees and how it waits for the next retry. Production sleeps on the system clock; tests step
/// time by hand so retries need no real waiting.
public protocol WebhookClock: Sendable {
    func now() -> Date
    /// Returns at `deadline`, or throws when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

public struct SystemWebhookClock: WebhookClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = max(0, deadline.timeIntervalSinceNow)
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}

/// Exponential back-off between attempts: `initial`, doubling, at most `cap`.
public struct Backoff: Sendable, Equatable {
    public var initial: TimeInterval
    public var cap: TimeInterval

    public init(initial: TimeInterval = 1, cap: TimeInterval = 300) {
        self.initial = initial
        self.cap = cap
    }

    /// The wait after the `attempts`-th failed attempt (1 for the first).
    public func delay(after attempts: Int) -> TimeInterval {
        min(cap, initial * pow(2, Double(max(0, min(attempts - 1, 40)))))
    }
}
