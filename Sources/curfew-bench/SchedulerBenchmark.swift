import ArgumentParser
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Logging

/// `curfew-bench scheduler`: the real store and the real Dispatch timer, in dry run, with N jobs pending.
struct SchedulerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Fire lateness, enqueue rate, start-up time, memory and idle wake-ups with N jobs pending."
    )

    @Option(help: "Jobs pending far in the future while measuring.")
    var pending = 100_000

    @Option(
        help:
            "Jobs due at one instant, then as many over --spread seconds, for lateness (1000; --check: 5000)."
    )
    var firing: Int?

    @Option(help: "Seconds over which the second lot of --firing jobs falls due.")
    var spread = 5.0

    @Option(help: "Single durable inserts to time.")
    var singles = 500

    @Option(help: "Seconds to watch an idle daemon for wake-ups.")
    var idleSeconds = 20

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(
        help: """
            Check cost shapes instead, as ratios measured in this run: batched enqueue at least 3x cheaper per job than \
            single, a transaction of --pending jobs at most 1.5x the cost per job of one of a tenth, a burst of --firing \
            due at one instant all firing within 5x the time per job of a tenth. Exits 1 when one fails.
            """
    )
    var check = false

    @Option(help: "Folder for the benchmark's database (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    mutating func validate() throws {
        guard pending >= 0, (firing ?? 1) > 0, singles > 0, idleSeconds > 0, spread > 0 else {
            throw ValidationError(
                "--pending must be 0 or more; --firing, --singles, --idle-seconds and --spread more than 0"
            )
        }
        guard !check || pending >= 100 else {
            throw ValidationError(
                "--check needs --pending of 100 or more (the large transaction; the small is a tenth)"
            )
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("curfew-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("curfew.sqlite").path
        if check {
            try await CostShape(transaction: pending, burst: self.firing ?? 5_000, singles: min(singles, 200))
                .run(databasePath: path, json: json)
            return
        }
        let firing = self.firing ?? 1_000
        let now = Date()

        // Batched enqueue: the N pending jobs, 10,000 per transaction, due over the next 30 days.
        let store = try TerminationStore(path: path)
        let batchedStart = ContinuousClock.now
        var written = 0
        while written < pending {
            let count = min(10_000, pending - written)
            let drafts = (0..<count).map { i in
                Self.draft(due: now.addingTimeInterval(86_400 + Double((written + i) % 2_592_000)))
            }
            _ = try store.insert(drafts, at: now)
            written += count
        }
        let batched = pending == 0 ? 0 : Double(pending) / (ContinuousClock.now - batchedStart).seconds

        // Start-up and memory, in a fresh process so nothing of this one counts.
        let startup = try StartupProbe.measure(databasePath: path)

        // The daemon's scheduler on that queue, with the real timer.
        var config = Configuration(environment: [:])
        config.dryRun = true
        let scheduler = Scheduler(
            store: try TerminationStore(path: path),
            clock: DispatchWallClock(),
            sessions: NoSessions(),
            notifier: NoTerminals(),
            config: LiveConfiguration(config)
        )
        _ = try await scheduler.start()

        // Single durable inserts, each acknowledged alone.
        let singleStart = ContinuousClock.now
        for _ in 0..<singles {
            _ = try await scheduler.schedule(Self.request(due: Date().addingTimeInterval(7 * 86_400)))
        }
        let single = Double(singles) / (ContinuousClock.now - singleStart).seconds

        // Lateness: a burst due at one instant, then the same number spread over `spread` seconds.
        let burstAt = Date().addingTimeInterval(2)
        let burst = try await scheduler.schedule((0..<firing).map { _ in Self.request(due: burstAt) })
        // After the burst has fired and finished (a durable write per job in dry run), so the two do not overlap.
        let spreadFrom = burstAt.addingTimeInterval(3 + Double(firing) / 1_000)
        let spreadJobs = try await scheduler.schedule(
            (0..<firing).map { i in
                Self.request(due: spreadFrom.addingTimeInterval(spread * Double(i) / Double(firing)))
            }
        )
        let watched = (burst + spreadJobs).map(\.id)
        let reader = try TerminationStore(path: path)
        // Only the watched jobs complete; a count is cheap enough not to slow the scheduler it waits for.
        while try reader.count(state: .completed) < watched.count {
            try await Task.sleep(for: .milliseconds(200))
        }
        let lateness = try watched.map { try reader.termination($0)!.lateness! * 1000 }.sorted()
        let burstLateness = try burst.map { try reader.termination($0.id)!.lateness! * 1000 }.sorted()
        let spreadLateness = try spreadJobs.map { try reader.termination($0.id)!.lateness! * 1000 }.sorted()

        // Idle: nothing due for a long while; count the process's thread wake-ups and the scheduler's alarms.
        let alarmsBefore = await scheduler.wakeups
        let switchesBefore = ThreadActivity.contextSwitches()
        try await Task.sleep(for: .seconds(idleSeconds))
        // The one switch of this sleeping task's thread waking is the benchmark's own, not the scheduler's.
        let switches = max(0, ThreadActivity.contextSwitches() - switchesBefore - 1)
        let alarms = await scheduler.wakeups - alarmsBefore

        let result = Result(
            pending: pending,
            latenessMs: .init(lateness),
            burstLatenessMs: .init(burstLateness),
            spreadLatenessMs: .init(spreadLateness),
            spreadSeconds: spread,
            enqueuePerS: .init(single: single.rounded(), batched: batched.rounded()),
            startupMs: startup.startupMs,
            rssMb: startup.rssMb,
            idleWakeupsPerMin: Double(switches) * 60 / Double(idleSeconds),
            idleAlarmsPerMin: Double(alarms) * 60 / Double(idleSeconds)
        )
        print(json ? result.json : result.table)
    }

    static func draft(due: Date) -> TerminationDraft {
        TerminationDraft(
            target: .user("bench", .none),
            dueAt: due,
            reason: "benchmark",
            notices: .standard,
            caller: .daemon,
            dryRun: true
        )
    }

    static func request(due: Date) -> TerminationRequest {
        TerminationRequest(
            target: .user("bench", .none),
            dueAt: due,
            reason: "benchmark",
            caller: .daemon,
            dryRun: true
        )
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
