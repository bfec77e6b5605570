/// Desktop notices waiting for a user's notification helper (`curfew-notify@UID.service`, which runs as that user)
/// to fetch them from curfewd and show them on the user's own bus, and what the helper reported back.
///
/// curfewd cannot reach a user's session bus itself: the bus admits its user alone. So curfewd posts the notice here,
/// starts the helper, and waits for its report; the helper asks for the notices of the uid the kernel gives it
/// (SO_PEERCRED), never anyone else's.
public actor DesktopInbox {
    /// A notice as the helper fetches it.
    public struct Item: Sendable, Equatable {
        public var id: Int64
        public var notice: DesktopNotice
    }

    /// What the helper said of one notice.
    public enum Report: Sendable, Equatable {
        /// The notification server took it (`Notify` returned an id).
        case shown
        /// It could not be shown; the helper's words (e.g. no notification server on the bus).
        case failed(String)
    }

    private struct Entry {
        var uid: UInt32
        var notice: DesktopNotice
        var fetched = false
        var report: Report?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private var entries: [Int64: Entry] = [:]
    private var lastID: Int64 = 0
    /// Helpers waiting for a notice to be posted for their uid (`pending(for:waitingUpTo:)`), by a token of each wait.
    private var helpers: [UInt32: [Int: CheckedContinuation<Void, Never>]] = [:]
    private var lastWait = 0

    public init() {}

    /// Puts a notice in for the user with `uid`; returns its id.
    public func post(_ notice: DesktopNotice, for uid: UInt32) -> Int64 {
        lastID += 1
        entries[lastID] = Entry(uid: uid, notice: notice)
        for helper in (helpers.removeValue(forKey: uid) ?? [:]).values { helper.resume() }
        return lastID
    }

    /// The user's notices not yet reported on, oldest first; each is marked fetched.
    public func pending(for uid: UInt32) -> [Item] {
        let ids = entries.filter { $0.value.uid == uid && $0.value.report == nil }.keys.sorted()
        for id in ids { entries[id]?.fetched = true }
        return ids.compactMap { id in entries[id].map { Item(id: id, notice: $0.notice) } }
    }

    /// The user's notices not yet reported on; when there are none, waits up to `timeout` for one to be posted (a
    /// helper that stays a while after a notice shows the next one at once, with no start in between). Ends early,
    /// with what there is, when the task is cancelled (curfewd stopping).
    public func pending(for uid: UInt32, waitingUpTo timeout: Duration) async -> [Item] {
        let now = pending(for: uid)
        guard now.isEmpty, timeout > .zero, !Task.isCancelled else { return now }
        lastWait += 1
        let token = lastWait
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.release(uid, token)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { helpers[uid, default: [:]][token] = $0 }
        } onCancel: {
            Task { await self.release(uid, token) }
        }
        timer.cancel()
        return pending(for: uid)
    }

    /// Whether a helper of `uid` is waiting for its next notice (`pending(for:waitingUpTo:)`).
    public func hasWaitingHelper(_ uid: UInt32) -> Bool {
        helpers[uid] != nil
    }

    /// Ends one helper's wait, if it is still waiting.
    private func release(_ uid: UInt32, _ token: Int) {
        guard let helper = helpers[uid]?.removeValue(forKey: token) else { return }
        if helpers[uid]?.isEmpty == true { helpers[uid] = nil }
        helper.resume()
    }

    /// Records the helper's report on notice `id`; false when there is no such notice of that user waiting (already
    /// reported, given up on, or someone else's).
    public func report(_ id: Int64, by uid: UInt32, _ report: Report) -> Bool {
        guard let entry = entries[id], entry.uid == uid, entry.report == nil else { return false }
        entries[id]?.report = report
        wake(id)
        return true
    }

    /// Whether the helper has fetched notice `id`.
    public func isFetched(_ id: Int64) -> Bool {
        entries[id]?.fetched ?? false
    }

    /// Waits until notice `id` is reported on, at most `timeout`; its report, or nil.
    public func report(of id: Int64, within timeout: Duration) async -> Report? {
        guard let entry = entries[id] else { return nil }
        guard entry.report == nil else { return entry.report }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            // Cancelled: the report came and woke the waiter already.
            guard !Task.isCancelled else { return }
            self.wake(id)
        }
        await withCheckedContinuation { entries[id]?.waiters.append($0) }
        timer.cancel()
        return entries[id]?.report
    }

    /// Forgets notice `id`: reported, or given up on. A report that comes later is refused.
    public func settle(_ id: Int64) {
        wake(id)
        entries[id] = nil
    }

    /// How many notices are held, for tests.
    public var count: Int { entries.count }

    private func wake(_ id: Int64) {
        guard let waiters = entries[id]?.waiters, !waiters.isEmpty else { return }
        entries[id]?.waiters = []
        for waiter in waiters { waiter.resume() }
    }
}
