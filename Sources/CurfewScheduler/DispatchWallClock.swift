import Dispatch
import Foundation
import Synchronization

/// One Dispatch timer on the wall clock (CLOCK_REALTIME, absolute): a forward clock step fires what became due,
/// a backward step delays it. Re-arming reschedules the same timer; nothing polls.
public final class DispatchWallClock: SchedulerClock {
    // Dispatch sources are thread-safe but not marked Sendable; the mutex makes ownership explicit.
    private let timer: Mutex<any DispatchSourceTimer>
    private let handler = Mutex<(@Sendable () async -> Void)?>(nil)

    public init(queue: DispatchQueue = DispatchQueue(label: "curfew.scheduler.timer", qos: .userInitiated)) {
        let source = DispatchSource.makeTimerSource(flags: [.strict], queue: queue)
        source.schedule(wallDeadline: .distantFuture, repeating: .never)
        timer = Mutex(source)
        timer.withLock { source in
            source.setEventHandler { [weak self] in
                guard let run = self?.handler.withLock({ $0 }) else { return }
                Task { await run() }
            }
            source.activate()
        }
    }

    deinit {
        timer.withLock { $0.cancel() }
    }

    public func now() -> Date { Date() }

    public func arm(at deadline: Date) {
        let seconds = deadline.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let spec = timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1_000_000_000))
        timer.withLock {
            $0.schedule(wallDeadline: DispatchWallTime(timespec: spec), repeating: .never, leeway: .nanoseconds(0))
        }
    }

    public func disarm() {
        timer.withLock { $0.schedule(wallDeadline: .distantFuture, repeating: .never) }
    }

    public func onAlarm(_ handler: @escaping @Sendable () async -> Void) {
        self.handler.withLock { $0 = handler }
    }
}
