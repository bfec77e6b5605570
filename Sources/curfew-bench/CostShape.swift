import ArgumentParser
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation

/// `curfew-bench scheduler --check`: the cost shapes CI guards, each a ratio of two figures taken in the same run,
/// never a time limit, so a slower or busier machine moves both sides alike. Each figure is the median of five
/// rounds, taken in turn, so a passing burst of load on a shared machine does not decide the verdict, and the small
/// transactions of a round carry as many jobs between them as the large one, so both sides span the same time. This
/// VM's CPU runs in fast and slow phases: the best of three rounds of one 2,000-job transaction (70 ms) caught a fast
/// phase that a 20,000-job one (0.8 s) seldom does, and the ratio came out 1.67 once in eight runs where it was
/// otherwise 1.02-1.24 (2026-12-03).
struct CostShape {
    /// Single durable inserts cost at least this many times more per job than batched ones (issue 16 asks for 3).
    /// It was 1.5 while the ratio hovered about 2 (2026-12-03, morning); with a batch written 64 rows to a statement
    /// it measured 4.7-8.5 (2026-12-03, afternoon: 26-42 µs a batched job, 143-355 µs a single one).
    static let batchedAdvantage = 3.0
    /// A job in a transaction of N costs at most this many times what it costs in one of N/10.
    static let transactionGrowth = 1.5
    /// A burst of B jobs due at one instant is all `firing` within this many times the time per job of B/10.
    static let burstGrowth = 5.0

    /// Jobs in the large transaction; the small one has a tenth.
    var transaction: Int
    /// Jobs in the large burst; the small one has a tenth.
    var burst: Int
    var singles: Int
    var rounds = 5

    /// Seconds per job, the median of the rounds.
    struct Figures: Encodable {
        var single = 0.0
        var smallTransaction = 0.0
        var largeTransaction = 0.0
        var smallBurst = 0.0
        var largeBurst = 0.0
    }

    struct Verdict: Encodable {
        var check: String
        var ratio: Double
        var limit: String
        var passed: Bool
    }

    struct Report: Encodable {
        var transaction: Int
        var burst: Int
        var secondsPerJob: Figures
        var verdicts: [Verdict]
    }

    func run(databasePath: String, json: Bool) async throws {
        let store = try TerminationStore(path: databasePath)
        var config = Configuration(environment: [:])
        config.dryRun = true
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: NoSessions(),
            notifier: NoTerminals(),
            config: LiveConfiguration(config)
        )
        _ = try await scheduler.start()
        let figures = try await measure(scheduler, store)
        let report = Report(
            transaction: transaction,
            burst: burst,
            secondsPerJob: figures,
            verdicts: Self.verdicts(figures)
        )
        print(json ? Self.json(report) : Self.table(report))
        let failed = report.verdicts.filter { !$0.passed }
        guard failed.isEmpty else {
            for verdict in failed {
                FileHandle.standardError.write(
                    Data(
                        "cost check failed: \(verdict.check) is \(Self.format(verdict.ratio)), needs \(verdict.limit)\n"
                            .utf8
                    )
                )
            }
            throw ExitCode.failure
        }
    }

    func measure(_ scheduler: Scheduler, _ store: TerminationStore) async throws -> Figures {
        let small = max(1, transaction / 10)
        let future = Date().addingTimeInterval(86_400)
        // Warm-up: the first transactions pay for opening files and filling caches.
        _ = try await enqueue(small, scheduler, future)
        var single: [Double] = []
        var smallTransaction: [Double] = []
        var largeTransaction: [Double] = []
        var smallBurst: [Double] = []
        var largeBurst: [Double] = []
        for _ in 0..<rounds {
            var smallTotal = 0.0
            for _ in 0..<transaction / small {
                smallTotal += try await enqueue(small, scheduler, future)
            }
            smallTransaction.append(smallTotal / Double(transaction / small))
            largeTransaction.append(try await enqueue(transaction, scheduler, future))
            let started = ContinuousClock.now
            for _ in 0..<singles {
                _ = try await scheduler.schedule(SchedulerBenchmark.request(due: future))
            }
            single.append((ContinuousClock.now - started).seconds / Double(singles))
        }
        // After the enqueues: a fired job's later writes (its sessions, its end) would be theirs to wait for.
        for _ in 0..<rounds {
            smallBurst.append(try await fire(max(1, burst / 10), scheduler, store))
            largeBurst.append(try await fire(burst, scheduler, store))
        }
        let figures = Figures(
            single: Self.median(single),
            smallTransaction: Self.median(smallTransaction),
            largeTransaction: Self.median(largeTransaction),
            smallBurst: Self.median(smallBurst),
            largeBurst: Self.median(largeBurst)
        )
        return figures
    }

    static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    static func verdicts(_ figures: Figures) -> [Verdict] {
        let batched = figures.single / figures.largeTransaction
        let transaction = figures.largeTransaction / figures.smallTransaction
        let burst = figures.largeBurst / figures.smallBurst
        return [
            Verdict(
                check: "single / batched enqueue, per job",
                ratio: batched,
                limit: ">= \(format(batchedAdvantage))",
                passed: batched >= batchedAdvantage
            ),
            Verdict(
                check: "large / small transaction, per job",
                ratio: transaction,
                limit: "<= \(format(transactionGrowth))",
                passed: transaction <= transactionGrowth
            ),
            Verdict(
                check: "large / small burst until all firing, per job",
                ratio: burst,
                limit: "<= \(format(burstGrowth))",
                passed: burst <= burstGrowth
            ),
        ]
    }

    /// Seconds per job of one transaction of `count` new jobs.
    private func enqueue(_ count: Int, _ scheduler: Scheduler, _ due: Date) async throws -> Double {
        let requests = (0..<count).map { _ in SchedulerBenchmark.request(due: due) }
        let started = ContinuousClock.now
        _ = try await scheduler.schedule(requests)
        return (ContinuousClock.now - started).seconds / Double(count)
    }

    /// Seconds per job from the instant `count` jobs fall due until all of them are written `firing`; then waits
    /// until their (dry-run) firing is over, so the next round starts on a quiet store.
    private func fire(_ count: Int, _ scheduler: Scheduler, _ store: TerminationStore) async throws -> Double {
        let due = Date().addingTimeInterval(0.5 + Double(count) / 5_000)
        let commits = store.eventFeed.listen()
        _ = try await scheduler.schedule((0..<count).map { _ in SchedulerBenchmark.request(due: due) })
        let waiting = try store.count(state: .scheduled) - count
        guard Date() < due else {
            throw ValidationError("the burst of \(count) was queued only after it fell due; nothing was measured")
        }
        // Events are written with `firing`, so the store wakes its listeners when that transaction commits.
        for await _ in commits {
            if try store.count(state: .scheduled) <= waiting { break }
        }
        let elapsed = Date().timeIntervalSince(due)
        while try store.count(state: .firing) > 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        return elapsed / Double(count)
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    static func json(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(report), as: UTF8.self)
    }

    static func table(_ report: Report) -> String {
        func us(_ seconds: Double) -> String { String(format: "%.1f µs/job", seconds * 1e6) }
        let small = max(1, report.transaction / 10)
        let f = report.secondsPerJob
        var rows: [(String, String)] = [
            ("enqueue, single durable", us(f.single)),
            ("enqueue, \(small) in one transaction", us(f.smallTransaction)),
            ("enqueue, \(report.transaction) in one transaction", us(f.largeTransaction)),
            ("burst of \(max(1, report.burst / 10)) due, until all firing", us(f.smallBurst)),
            ("burst of \(report.burst) due, until all firing", us(f.largeBurst)),
        ]
        rows += report.verdicts.map { ($0.check, "\(format($0.ratio)) (\($0.limit)) \($0.passed ? "ok" : "FAILED")") }
        let width = rows.map(\.0.count).max()!
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }
}
