import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log into the database file beside the writer, never inside one of its commits.
///
/// SQLite's automatic checkpoint runs in the commit that takes the log past 1,000 pages: that commit copies the pages
/// and flushes the file, 5–10 ms, and a job falling due meanwhile waits for it (`curfew-bench scheduler --firing 5000
/// --spread 1`: p99 lateness 9–11 ms with it, 4.2–4.6 ms without). A passive checkpoint on a connection of its own
/// takes no lock the writer needs. It runs after every `interval` commits, so an idle daemon never wakes for it.
final class Checkpointer: Sendable {
    static let interval = 100

    private struct State {
        var commits = 0
        var running = false
        /// Opened at the first checkpoint, once the migrations have made the file what it is.
        var connection: DatabaseQueue?
    }

    private let path: String
    private let configuration: GRDB.Configuration
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "curfew.store.checkpoint", qos: .utility)

    init(path: String, configuration: GRDB.Configuration) {
        self.path = path
        self.configuration = configuration
    }

    /// A transaction committed; every `interval` of them, a checkpoint is started unless one is still running.
    func committed() {
        let start = state.withLock { state -> Bool in
            state.commits += 1
            guard state.commits >= Self.interval, !state.running else { return false }
            state.commits = 0
            state.running = true
            return true
        }
        if start { queue.async { self.checkpoint() } }
    }

    private func checkpoint() {
        defer { state.withLock { $0.running = false } }
        do {
            let connection = try state.withLock { state in
                if let open = state.connection { return open }
                let open = try DatabaseQueue(path: path, configuration: configuration)
                state.connection = open
                return open
            }
            // A failure (the disk full, say) leaves the pages in the log, where they are as durable; the next
            // checkpoint tries again.
            _ = try connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        } catch {}
    }
}
