import CurfewScheduler
import CurfewSystem
import Synchronization

/// systemd's STATUS line, kept current: what is pending and next, plus a note that must not go unseen (a refused
/// reload). A burst of changes (thousands of jobs queued at once) is sent as one update half a second later.
final class StatusLine: Sendable {
    private struct State {
        /// nil until the scheduler first reports.
        var queue: QueueStatus?
        var note: String?
        /// While the state directory is full; shown first.
        var disk: String?
        var sendScheduled = false
    }

    private let state = Mutex(State())
    private let notifier: ServiceNotifier

    init(notifier: ServiceNotifier) {
        self.notifier = notifier
    }

    var text: String {
        state.withLock { Self.text($0) }
    }

    /// Called on every change of the queue, thousands of times a second in a burst: it only keeps the status; it is
    /// worded when sent.
    func update(_ queue: QueueStatus) {
        change { $0.queue = queue }
    }

    /// Shown after the queue's summary until replaced; nil removes it.
    func note(_ note: String?) {
        change { $0.note = note }
    }

    /// Shown before the queue's summary while the disk is full; nil removes it.
    func disk(_ note: String?) {
        change { $0.disk = note }
    }

    private func change(_ body: (inout State) -> Void) {
        let mustSchedule = state.withLock { state in
            body(&state)
            defer { state.sendScheduled = true }
            return !state.sendScheduled
        }
        guard mustSchedule else { return }
        Task {
            try? await Task.sleep(for: .milliseconds(500))
            let text = state.withLock { state in
                state.sendScheduled = false
                return Self.text(state)
            }
            try? notifier.status(text)
        }
    }

    private static func text(_ state: State) -> String {
        let queue = [state.disk, state.queue?.summary ?? "starting"].compactMap { $0 }.joined(separator: "; ")
        return state.note.map { "\(queue); \($0)" } ?? queue
    }
}
