import CurfewCore
import CurfewScheduler
import CurfewSystem
import Logging
import ServiceLifecycle

/// What the policies hear of the system, in order: the session watcher's changes and changes to the user database
/// (/etc through inotify). Fed from those threads, handed to the scheduler one at a time.
struct PolicyInputs: Service {
    enum Input: Sendable {
        case sessions([SessionChange])
        case accounts
    }

    let stream: AsyncStream<Input>
    let continuation: AsyncStream<Input>.Continuation
    let scheduler: Scheduler

    init(scheduler: Scheduler) {
        (stream, continuation) = AsyncStream.makeStream(of: Input.self)
        self.scheduler = scheduler
    }

    func run() async throws {
        for await input in stream.cancelOnGracefulShutdown() {
            switch input {
            case .sessions(let changes):
                for change in changes { await scheduler.sessionsChanged(change) }
            case .accounts:
                await scheduler.accountsChanged()
            }
        }
    }

    /// Watches /etc for the policies; without it, account policies still look again at each recheck.
    func watchAccountFiles(logger: Logger) -> AccountFilesWatcher? {
        do {
            return try AccountFilesWatcher(logger: logger) { [continuation] in continuation.yield(.accounts) }
        } catch {
            logger.error("cannot watch /etc for account changes: \(error); account policies rely on their recheck")
            return nil
        }
    }
}
