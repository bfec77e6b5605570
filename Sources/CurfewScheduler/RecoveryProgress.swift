import Synchronization

/// How far start-up has got through the queue, readable from outside while the scheduler is busy recovering (to
/// ask systemd for more time only while recovery moves).
public final class RecoveryProgress: Sendable {
    private let steps = Atomic<Int>(0)

    public init() {}

    /// Jobs read so far.
    public var count: Int { steps.load(ordering: .relaxed) }

    func advance() {
        steps.add(1, ordering: .relaxed)
    }
}
