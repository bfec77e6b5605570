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
    /// The user and group database: group targets and policy scopes are resolved through it.
    public nonisolated let directory: any UserDirectory
    /// The settings in force; a reload replaces them between two events.
    let settings: LiveConfiguration
    let logger: Logger

    var queue = EventQueue()
    /// The standing policies and what each does next to each session; their deadlines share the one alarm.
    var policies: PolicyEnforcement
    /// The policies last put in force, to tell a reload that changes them.
    var appliedPolicies: [Policy] = []
    private var armedAt: Date?
    /// How many times the alarm went off: wake-ups, for the benchmark and status.
    public private(set) var wakeups = 0
    /// Back-off before asking logind again after it failed while firing.
    var retryDelay: TimeInterval = 1
    /// The slow part of the latest alarm; the next one waits for it.
    private var lastWork: Task<Void, Never>?
    /// Work that alarms handed over and no run has taken yet: a run takes all of it, so the alarms of a busy second
    /// share their batches.
    private var backlog = Work.Backlog()
    /// Told of every change of the pending count or the next event (systemd's STATUS line).
    var statusObserver: (@Sendable (QueueStatus) -> Void)?
    var reportedStatus: QueueStatus?
    static let maximumRetryDelay: TimeInterval = 30

    public init(
        store: TerminationStore,
        clock: any SchedulerClock,
        sessions: any LoginSessions,
        notifier: any NoticeDelivery,
        config: LiveConfiguration,
        terminals: any TerminalTimes = UnreadableTerminals(),
        directory: any UserDirectory = SystemUserDirectory(),
        logger: Logger = Logger(label: "curfew.scheduler")
    ) {
        self.policies = PolicyEnforcement(terminals: terminals, directory: directory)
        self.directory = directory
        self.store = store
        self.clock = clock
        self.sessions = sessions
        self.notifier = notifier
        self.settings = config
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
    /// - Parameter progress: counts the jobs read and fired, for whoever watches a long recovery.
    public func start(progress: RecoveryProgress = RecoveryProgress()) async throws -> Recovery {
        clock.onAlarm { [weak self] in await self?.alarm() }
        let now = clock.now()
        var recovery = Recovery()
        var firing: [TerminationID] = []
        var missed: [(TerminationID, TimeInterval)] = []
        let missedAfter = config.missedAfter.map(TimeInterval.init)
        queue.reserveCapacity(try store.pendingJobCount())
        try store.forEachPendingJob { job in
            progress.advance()
            Faults.slowRecoveryStep()
            if job.state == .firing {
                firing.append(job.id)
                return
            }
            let late = now.timeIntervalSince(job.dueAt)
            if let missedAfter, late > missedAfter {
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
        try await startPolicies(now: now)
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

    /// Handles every event due at `now`: pops them, writes `firing` for the due jobs in one transaction (the moment
    /// they fire), re-arms for the next event, then does the slow part (logind, terminals) off the actor so later
    /// alarms are never held up by it.
    func process(now: Date) async {
        await carryOut(policies.popDue(now: now), now: now)
        let due = await recheckPolicies(queue.popDue(now: now), now: now)
        guard !due.isEmpty else {
            rearm()
            return
        }
        var steps: [(TerminationID, step: Int, lead: Int)] = []
        var firing: [TerminationID] = []
        for event in due {
            switch event.event {
            case .notice(let step, let lead): steps.append((event.id, step, lead))
            case .due, .resume: firing.append(event.id)
            }
        }
        let fired = !firing.isEmpty
        if !firing.isEmpty {
            do {
                // Jobs already firing (resumed) are left as they are; the rest move to firing now.
                for started in try store.beginFiring(firing, at: now) {
                    SchedulerMetrics.lateness.record(started.lateness)
                }
            } catch {
                logger.error("cannot start firing \(firing.count) terminations: \(error)")
                retry(firing)
                firing = []
            }
        }
        rearm()
        backlog.steps += steps
        backlog.firing += firing
        // One run at a time, in alarm order: the store's single writer then serves a new alarm's `firing` after at
        // most one batch of earlier work, and logind is never flooded. A run takes everything handed over by then,
        // so when it returns this alarm's work is done, by it or by an earlier run.
        let work = Work(announcer: announcer, firing: self.firing)
        let previous = lastWork
        let current = Task {
            await previous?.value
            let taken = self.takeBacklog()
            return taken.isEmpty ? [] : await work.run(taken)
        }
        lastWork = Task { _ = await current.value }
        let failed = await current.value
        retry(failed)
        if failed.isEmpty, fired { retryDelay = 1 }
    }

    private func takeBacklog() -> Work.Backlog {
        defer { backlog = Work.Backlog() }
        return backlog
    }

    /// Puts jobs back in the queue to be picked up again after a growing delay.
    private func retry(_ ids: [TerminationID]) {
        guard !ids.isEmpty else { return }
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, Self.maximumRetryDelay)
        logger.warning("retrying \(ids.count) terminations in \(Int(delay)) s")
        for id in ids { queue.resume(id, at: clock.now().addingTimeInterval(delay)) }
        rearm()
    }

    var config: Configuration { settings.current }

    var announcer: Announcer {
        Announcer(
            store: store,
            sessions: sessions,
            notifier: notifier,
            config: config,
            directory: directory,
            logger: logger
        )
    }

    var firing: Firing {
        Firing(store: store, sessions: sessions, announcer: announcer, clock: clock, logger: logger)
    }

    /// Sets the one alarm for the earliest event, or clears it when nothing is pending.
    func rearm() {
        reportStatus()
        let next = [queue.nextDeadline(), policies.nextDeadline()].compactMap { $0 }.min()
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
}
