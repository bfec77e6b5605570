import Synchronization

/// Tells listeners that new events were committed. A wake-up carries nothing: a listener reads the store after the
/// last id it handled, so it can neither miss an event nor see one twice, however wake-ups and reads interleave.
public final class EventFeed: Sendable {
    private let listeners = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])
    private let nextKey = Atomic<Int>(0)

    public init() {}

    /// Starts listening at once: anything committed after this call wakes the stream. Wake-ups that come while the
    /// listener is busy collapse into one.
    public func listen() -> AsyncStream<Void> {
        let key = nextKey.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: key) }
        }
        listeners.withLock { $0[key] = continuation }
        return stream
    }

    /// New events are durable.
    func wake() {
        for listener in listeners.withLock({ Array($0.values) }) {
            listener.yield()
        }
    }

    /// How many are listening (for status and tests).
    public var listenerCount: Int { listeners.withLock { $0.count } }
}
