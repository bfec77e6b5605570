import ArgumentParser
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Logging

/// `curfew-bench policies`: the real scheduler and timer with N sessions from a fake session source, each in scope of
/// P policies of every kind, none near its deadline.
struct PolicyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "Re-evaluation time after one session change, idle wake-ups and memory per session in scope."
    )

    @Option(help: "Live sessions, 10 per user.")
    var sessions = 10_000

    @Option(help: "Policies in force, every session in the scope of each (kinds in turn).")
    var policies = 20

    @Option(help: "Session changes to time (a login, then its logout).")
    var changes = 2_000

    @Option(help: "Seconds to watch 1,000 sessions in scope with no deadline near, for wake-ups.")
    var idleSeconds = 20

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Folder for the benchmark's database (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    struct Figures: Encodable {
        var sessions: Int
        var policies: Int
        var reevaluationMs: Result.Percentiles
        var bytesPerSessionInScope: Double
        var idleSessions: Int
        var idleWakeupsPerMin: Double
        var idleAlarmsPerMin: Double
    }

    mutating func validate() throws {
        guard sessions >= 10, policies > 0, changes > 0, idleSeconds > 0 else {
            throw ValidationError("--sessions must be 10 or more; --policies, --changes and --idle-seconds more than 0")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("curfew-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Date()
        let live = (0..<sessions).map { Self.session($0, at: now) }

        let (scheduler, _) = try await makeScheduler(folder.appendingPathComponent("a.sqlite").path)
        let before = ThreadActivity.residentKilobytes()
        await scheduler.sessionsChanged(.listed(live))
        let perSession = Double(ThreadActivity.residentKilobytes() - before) * 1024 / Double(sessions)
        guard await scheduler.pendingCount == 0 else {
            throw ValidationError("a policy queued a termination: the benchmark's policies must have no deadline near")
        }

        // One login, then its logout: each re-evaluates every policy for it and the user's other sessions. Change i and
        // i + 1 are the same session, so every logout ends a session that is there.
        var timings: [Double] = []
        for i in 0..<changes {
            let extra = Self.session(sessions + i / 2 % 10, user: i / 2 % (sessions / 10), at: now)
            let change: SessionChange = i % 2 == 0 ? .updated(extra) : .closed(id: extra.id)
            let start = ContinuousClock.now
            await scheduler.sessionsChanged(change)
            timings.append((ContinuousClock.now - start).seconds * 1000)
        }

        // 1,000 sessions in scope, nothing due for days: count wake-ups.
        let idleCount = min(1_000, sessions)
        let (idle, _) = try await makeScheduler(folder.appendingPathComponent("b.sqlite").path)
        await idle.sessionsChanged(.listed(Array(live.prefix(idleCount))))
        let alarmsBefore = await idle.wakeups
        let switchesBefore = ThreadActivity.contextSwitches()
        try await Task.sleep(for: .seconds(idleSeconds))
        let switches = max(0, ThreadActivity.contextSwitches() - switchesBefore - 1)
        let alarms = await idle.wakeups - alarmsBefore

        let figures = Figures(
            sessions: sessions,
            policies: policies,
            reevaluationMs: Result.Percentiles(timings.sorted().map { ($0 * 1000).rounded() / 1000 }),
            bytesPerSessionInScope: perSession.rounded(),
            idleSessions: idleCount,
            idleWakeupsPerMin: Double(switches) * 60 / Double(idleSeconds),
            idleAlarmsPerMin: Double(alarms) * 60 / Double(idleSeconds)
        )
        print(json ? Self.json(figures) : Self.table(figures))
    }

    private func makeScheduler(_ path: String) async throws -> (Scheduler, TerminationStore) {
        var config = Configuration(environment: [:])
        config.dryRun = true
        config.policies = (0..<policies).map(Self.policy)
        let store = try TerminationStore(path: path)
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: NoSessions(),
            notifier: NoTerminals(),
            config: LiveConfiguration(config),
            terminals: FreshTerminals(),
            directory: BenchDirectory()
        )
        _ = try await scheduler.start()
        return (scheduler, store)
    }

    /// Policies of every kind, in turn, none with a deadline in the next hours.
    static func policy(_ index: Int) -> Policy {
        let kind: PolicyKind
        switch index % 6 {
        case 0: kind = .idle(IdleRule(limit: 3600 * (1 + index)))
        case 1: kind = .lifetime(LifetimeRule(max: 86_400 * (1 + index)))
        case 2: kind = .hours(try! AllowedHours(ranges: ["00:00-24:00"], zone: TimeZone(identifier: "UTC")!))
        case 3: kind = .maxSessions(SessionLimitRule(limit: 100 + index))
        case 4: kind = .account(AccountRule(recheck: nil))
        default: kind = .ipSpread(IPSpreadRule(distinct: 50 + index, within: 3600))
        }
        return Policy(name: "bench-\(index)", kind: kind)
    }

    static func session(_ index: Int, user: Int? = nil, at now: Date) -> Session {
        let user = user ?? index / 10
        return Session(
            id: String(index + 1),
            user: "u\(user)",
            uid: UInt32(10_000 + user),
            remoteHost: "10.0.\(user % 250).\(index % 10 + 1)",
            tty: "pts/\(index)",
            service: "sshd",
            type: "tty",
            sessionClass: "user",
            state: "active",
            createdAt: now
        )
    }

    static func json(_ figures: Figures) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(figures), as: UTF8.self)
    }

    static func table(_ f: Figures) -> String {
        let p = f.reevaluationMs
        let rows: [(String, String)] = [
            ("sessions, policies", "\(f.sessions), \(f.policies)"),
            ("re-evaluation after one change", "p50 \(p.p50) ms, p99 \(p.p99) ms, max \(p.max) ms"),
            ("memory per session in scope", String(format: "%.0f bytes", f.bytesPerSessionInScope)),
            ("idle wake-ups, \(f.idleSessions) in scope", String(format: "%.1f /min", f.idleWakeupsPerMin)),
            ("idle scheduler alarms", String(format: "%.1f /min", f.idleAlarmsPerMin)),
        ]
        let width = rows.map(\.0.count).max()!
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }
}

/// Every terminal used just now.
struct FreshTerminals: TerminalTimes {
    func activity(of tty: String) -> TerminalActivity? { TerminalActivity(input: Date(), output: Date()) }
}

/// Every account usable, no groups.
struct BenchDirectory: UserDirectory {
    func groups(of user: String, uid: UInt32) -> Set<String> { [] }
    func groupExists(_ name: String) -> Bool { false }
    func standing(of user: String, uid: UInt32) -> AccountStanding { AccountStanding() }
}
