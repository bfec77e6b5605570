import ArgumentParser
import CurfewCore
import CurfewFleet
import CurfewScheduler
import CurfewStore
import Foundation
import Glibc
import Logging
import PostgresNIO
import Synchronization

/// `curfew-bench fleet`: N hosts in one process, each with its own SQLite queue, scheduler and fleet agent (one
/// connection each), against one PostgreSQL. Measures the time from writing a fleet job to each host having it armed
/// in its queue, the connections each host holds, and how long a host cut off from the database takes to catch up.
struct FleetBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Fleet job to every host armed (p50, p99), connections per host, catch-up after a cut.",
        discussion: """
            Needs a PostgreSQL: run it under scripts/with-postgres, which sets CURFEW_TEST_POSTGRES \
            (host:port:user:database:password file); each run makes a new database there.
            """
    )

    @Option(help: "Hosts, each with its own queue and connection.")
    var hosts = 100

    @Option(help: "Fleet jobs written one after another, each for every host.")
    var jobs = 20

    @Option(help: "Seconds one host is cut off before it connects again.")
    var cut = 60

    @Option(help: "Seconds between each host's re-reads (fleet.poll).")
    var poll = 30

    mutating func validate() throws {
        guard hosts > 0, jobs > 0, cut >= 0, poll > 0 else {
            throw ValidationError("--hosts, --jobs and --poll must be more than 0, --cut 0 or more")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        guard let address = ProcessInfo.processInfo.environment["CURFEW_TEST_POSTGRES"] else {
            throw ValidationError("CURFEW_TEST_POSTGRES is not set: run under scripts/with-postgres")
        }
        let fleet = try await Self.freshDatabase(address, poll: poll)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-bench-fleet-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var members: [Member] = []
        for index in 0..<hosts {
            members.append(try await Member(fleet, index: index, folder: folder))
        }
        let started = Date()
        for member in members { member.start() }
        for member in members {
            while await member.agent.status().connection != .connected {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        print(String(format: "hosts: %d connected in %.2f s", hosts, Date().timeIntervalSince(started)))
        let connections = try await Self.count(address, fleet.database)
        let perHost = Double(connections) / Double(hosts)
        print(String(format: "connections: %d for %d hosts (%.2f per host)", connections, hosts, perHost))

        var latencies: [Double] = []
        var writes: [Double] = []
        for _ in 0..<jobs {
            let before = Date()
            let job = try await members[0].agent.schedule(Self.request())
            writes.append(Date().timeIntervalSince(before) * 1_000)
            latencies += try await Self.armed(job, on: members, since: before)
        }
        let armed = Result.Percentiles(latencies.sorted())
        let write = Result.Percentiles(writes.sorted())
        print("write (POST to committed): p50 \(write.p50) ms, p99 \(write.p99) ms, max \(write.max) ms")
        print(
            "every host armed: \(latencies.count) arms, p50 \(armed.p50) ms, p99 \(armed.p99) ms, max \(armed.max) ms"
        )

        let away = members[hosts - 1]
        await away.stop()
        let missed = try await members[0].agent.schedule(Self.request())
        print("cut: \(away.identity.hostID) stopped; a job written meanwhile; back in \(cut) s")
        try await Task.sleep(for: .seconds(cut))
        let back = try await Member(fleet, index: hosts - 1, folder: folder, reusing: away)
        let returned = Date()
        back.start()
        let catchUp = try await Self.armed(missed, on: [back], since: returned)
        print(String(format: "catch-up after the cut: %.1f ms from start to armed", catchUp[0]))
        for member in members.dropLast() + [back] { await member.stop() }
    }

    static func request() -> FleetJobRequest {
        FleetJobRequest(
            target: .user("alice", SessionFilter()),
            dueAt: Date().addingTimeInterval(3_600),
            reason: "bench",
            caller: Caller(uid: 0, name: "root", pid: getpid())
        )
    }

    /// Milliseconds from `since` to each host having the job in its queue (polled every millisecond).
    static func armed(_ job: FleetJob, on members: [Member], since: Date) async throws -> [Double] {
        let key = job.id.uuidString.lowercased()
        var waiting = Array(members.indices)
        var latencies: [Double] = []
        let deadline = since.addingTimeInterval(120)
        while !waiting.isEmpty {
            guard Date() < deadline else { throw ValidationError("\(waiting.count) hosts did not arm within 120 s") }
            waiting = try waiting.filter { index in
                guard try members[index].store.fleetLink(key) != nil else { return true }
                latencies.append(Date().timeIntervalSince(since) * 1_000)
                return false
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        return latencies
    }

    /// One host: its own database file, scheduler on the wall clock and fleet agent.
    final class Member: Sendable {
        let identity: FleetIdentity
        let store: TerminationStore
        let agent: FleetAgent
        let task = TaskBox()

        init(_ fleet: FleetConfiguration, index: Int, folder: URL, reusing: Member? = nil) async throws {
            identity =
                reusing?.identity
                ?? FleetIdentity(hostID: "host-\(index)", hostname: "host-\(index)", labels: [], instance: UUID())
            if let reusing {
                store = reusing.store
            } else {
                store = try TerminationStore(path: folder.appendingPathComponent("host-\(index).sqlite").path)
            }
            var config = Configuration(environment: [:])
            config.notices = NoticePlan.none
            let settings = LiveConfiguration(config)
            let scheduler = Scheduler(
                store: store,
                clock: DispatchWallClock(),
                sessions: NoSessions(),
                notifier: NoTerminals(),
                config: settings
            )
            _ = try await scheduler.start()
            agent = try FleetAgent(
                fleet: fleet,
                identity: identity,
                scheduler: scheduler,
                store: store,
                config: settings,
                version: "bench",
                logger: Logger(label: "bench")
            )
        }

        func start() {
            task.set(Task { [agent] in await agent.run() })
        }

        func stop() async {
            await task.cancel()
        }
    }

    /// The running agent's task, set once.
    final class TaskBox: Sendable {
        private let task = Mutex<Task<Void, Never>?>(nil)
        func set(_ value: Task<Void, Never>) { task.withLock { $0 = value } }
        func cancel() async {
            let running = task.withLock { $0 }
            running?.cancel()
            await running?.value
        }
    }

    static func freshDatabase(_ address: String, poll: Int) async throws -> FleetConfiguration {
        let parts = address.split(separator: ":", maxSplits: 4).map(String.init)
        guard parts.count == 5, let port = Int(parts[1]) else {
            throw ValidationError("CURFEW_TEST_POSTGRES is host:port:user:database:password file")
        }
        let name = "bench_\(getpid())_\(Int(Date().timeIntervalSince1970))"
        try await query(parts, "CREATE DATABASE \(name)")
        return FleetConfiguration(
            host: parts[0],
            port: port,
            user: parts[2],
            database: name,
            passwordFile: parts[4],
            tls: .disable,
            poll: poll
        )
    }

    static func count(_ address: String, _ database: String) async throws -> Int {
        let parts = address.split(separator: ":", maxSplits: 4).map(String.init)
        return try await query(parts, "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)'")
    }

    @discardableResult
    static func query(_ parts: [String], _ sql: String) async throws -> Int {
        let password = try String(contentsOfFile: parts[4], encoding: .utf8).trimmingCharacters(in: .newlines)
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: parts[0],
                port: Int(parts[1]) ?? 5432,
                username: parts[2],
                password: password,
                database: parts[3],
                tls: .disable
            ),
            id: 1,
            logger: Logger(label: "bench")
        )
        var value = 0
        do {
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "b")) {
                value = Int((try? row.decode(Int64.self)) ?? 0)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return value
    }
}
