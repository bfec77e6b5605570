import ArgumentParser
import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Glibc
import Logging
import Synchronization

/// `curfew-bench reserve`: how much room on disk firing needs, to size `disk_reserve`. Queues N jobs of S sessions
/// each, all due at one instant, starts from a database with an empty WAL (the worst case: every frame is new room),
/// fires them for real against an in-memory logind, and measures the blocks the database files gained.
struct ReserveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve",
        abstract: "Room on disk that firing N jobs of S sessions each takes (database, WAL and index files)."
    )

    @Option(help: "Jobs due at one instant.")
    var jobs = 1_000

    @Option(help: "Sessions each job ends.")
    var sessions = 10

    @Option(help: "Folder for the benchmark's database (removed afterwards).")
    var directory = FileManager.default.temporaryDirectory.path

    mutating func validate() throws {
        guard jobs > 0, sessions > 0 else { throw ValidationError("--jobs and --sessions must be more than 0") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("curfew-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("curfew.sqlite").path
        let due = Date().addingTimeInterval(3)
        let logind = BenchSessions(
            (0..<jobs).flatMap { job in
                (0..<sessions).map { s in
                    Session(id: "\(job * sessions + s + 1)", user: "user\(job)", uid: UInt32(10_000 + job))
                }
            }
        )
        do {
            // Closed before measuring: SQLite checkpoints and removes the WAL when its last connection goes.
            let store = try TerminationStore(path: path)
            _ = try store.insert(
                (0..<jobs).map { job in
                    TerminationDraft(
                        target: .user("user\(job)", .none),
                        dueAt: due,
                        reason: "benchmark",
                        notices: NoticePlan.none,
                        caller: .daemon,
                        dryRun: false
                    )
                },
                at: Date()
            )
        }
        let before = Self.allocated(path)
        let store = try TerminationStore(path: path)
        let scheduler = Scheduler(
            store: store,
            clock: DispatchWallClock(),
            sessions: logind,
            notifier: NoTerminals(),
            config: LiveConfiguration(Configuration(environment: [:]))
        )
        _ = try await scheduler.start()
        while try store.count(state: .completed) < jobs {
            try await Task.sleep(for: .milliseconds(100))
        }
        let after = Self.allocated(path)
        let growth = after.total - before.total
        print("firing \(jobs) jobs of \(sessions) sessions each (\(jobs * sessions) sessions ended)")
        print("  before: database \(ByteSize.text(before.database)), WAL \(ByteSize.text(before.wal))")
        print("  after:  database \(ByteSize.text(after.database)), WAL \(ByteSize.text(after.wal))")
        print("  room taken: \(ByteSize.text(growth)) (\(growth) bytes), \(growth / Int64(jobs)) bytes per job")
    }

    /// Blocks allocated to the database, its WAL and its WAL index.
    static func allocated(_ path: String) -> (database: Int64, wal: Int64, total: Int64) {
        func blocks(_ file: String) -> Int64 {
            var info = stat()
            return stat(file, &info) == 0 ? Int64(info.st_blocks) * 512 : 0
        }
        let database = blocks(path)
        let wal = blocks(path + "-wal")
        return (database, wal, database + wal + blocks(path + "-shm"))
    }
}

/// logind in memory: every session there is until ended.
final class BenchSessions: LoginSessions {
    private let sessions: Mutex<[String: Session]>
    private let ordered: [Session]

    init(_ sessions: [Session]) {
        ordered = sessions
        self.sessions = Mutex(Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0) }))
    }

    func list() async throws -> [Session] {
        let live = sessions.withLock { $0 }
        return ordered.filter { live[$0.id] != nil }
    }

    func terminate(sessionID: String) async throws -> TerminateResult {
        sessions.withLock { $0.removeValue(forKey: sessionID) } == nil ? .gone : .terminated
    }
}
