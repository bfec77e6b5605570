import CurfewCore
import CurfewStore
import Foundation
import Logging

/// Holds every upcoming event of the durable queue in memory and keeps exactly one alarm set for the earliest.
/// When it goes off, notices are sent and due jobs fired; every state change is written before its effect.
public actor Scheduler {
    let store: TerminationStore
    let clock: any SchedulerClock
    let sessions: any LoginSessions
    let notifier: any NoticeDelivery
    var config: Configuration
    let logger: Logger

    var queue = EventQueue()
    private var armedAt: Date?
    /// How many times the alarm went off: wake-ups, for the benchmark and status.
    public private(set) var wakeups = 0
    /// Back-off before asking logind again after it failed while firing.
    var retryDelay: TimeInterval = 1
    static let maximumRetryDelay: TimeInterval = 30

    public init(
        store: TerminationStore,
        clock: any SchedulerClock,
        sessions: any LoginSessions,
        notifier: any NoticeDelivery,
        config: Configuration,
        logger: Logger = Logger(label: "curfew.scheduler")
    ) {
        self.store = store
        self.clock = clock
        self.sessions = sessions
        self.notifier = notifier
        self.config = config
        self.logger = logger
    }

    /// What start-up found.
    public struct Recovery: Sendable, Equatable {
        public var pending = 0
        /// Overdue jobs fired at once.
        public var overdue = 0
        public var missed = 0
        /// Jobs a crash left firing, finished now.
        public var resumed = 0

        public init() {}
    }

    /// Reloads the queue, marks or fires what fell due while the daemon was down, finishes what a crash left firing,
    /// and arms the alarm.
    public func start() async throws -> Recovery {
        clock.onAlarm { [weak self] in await self?.alarm() }
        let now = clock.now()
        var recovery = Recovery()
        var firing: [TerminationID] = []
        var missed: [(TerminationID, TimeInterval)] = []
        try store.forEachPendingJob { job in
            if job.state == .firing {
                firing.append(job.id)
                return
            }
            let late = now.timeIntervalSince(job.dueAt)
            if let window = config.missedAfter, late > TimeInterval(window) {
                missed.append((job.id, late))
                return
            }
            if late >= 0 { recovery.overdue += 1 }
            // Notice steps that passed while we were down are skipped; the job's own due time is kept.
            let next = max(job.nextNotice, job.notices.firstStep(due: job.dueAt, now: now))
            queue.schedule(job.id, due: job.dueAt, notices: job.notices, nextNotice: next)
        }
        for (id, late) in missed {
            _ = try store.markMissed(id, late: late, at: now)
            logger.warning("termination \(id) missed: \(DurationText.spoken(late)) overdue at start-up")
        }
        recovery.missed = missed.count
        recovery.resumed = firing.count
        recovery.pending = queue.count
        for id in firing {
            queue.resume(id, at: now)
        }
        rearm()
        // Overdue and resumed jobs fire now rather than waiting for the timer's first turn.
        await process(now: now)
        return recovery
    }

    /// The alarm went off.
    func alarm() async {
        wakeups += 1
        await process(now: clock.now())
    }

    /// Handles every event due at `now`: pops them, re-arms for the next, then does the work.
    func process(now: Date) async {
        let due = queue.popDue(now: now)
        rearm()
        guard !due.isEmpty else { return }
        var firing: [TerminationID] = []
        var resuming: [TerminationID] = []
        for event in due {
            switch event.event {
            case .notice(let step, let lead):
                await sendStep(event.id, step: step, lead: lead, now: now)
            case .due:
                firing.append(event.id)
            case .resume:
                resuming.append(event.id)
            }
        }
        if !firing.isEmpty { await fire(firing, now: now) }
        for id in resuming { await finishFiring(id) }
    }

    /// Sets the one alarm for the earliest event, or clears it when nothing is pending.
    func rearm() {
        let next = queue.nextDeadline()
        guard next != armedAt else { return }
        armedAt = next
        if let next {
            clock.arm(at: next)
        } else {
            clock.disarm()
        }
    }

    // MARK: Status

    public var pendingCount: Int { queue.count }

    /// When the alarm is set for, if it is.
    public var nextDeadline: Date? { armedAt }

    /// Replaces the configuration (reload). The queue is untouched.
    public func reconfigure(_ config: Configuration) {
        self.config = config
    }
}
