import CurfewCore
import CurfewScheduler
import Foundation
import Synchronization
import Testing

/// What systemd hears from the scheduler: the STATUS summary, watchdog pings, and reloaded settings taking effect.
@Suite struct SchedulerServiceTests {
    @Test func statusNamesThePendingCountAndTheNextEventAndFollowsEveryChange() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")])
        defer { h.cleanUp() }
        let seen = Mutex<[QueueStatus]>([])
        await h.scheduler.observeStatus { status in seen.withLock { $0.append(status) } }
        #expect(seen.withLock { $0.map(\.pending) } == [0])
        #expect(seen.withLock { $0.last?.summary } == "0 pending; nothing scheduled")

        let job = try await h.schedule(.user("alice", .none), in: 3600, notices: try NoticePlan(parsing: "10m"))
        let noticeFirst = try #require(seen.withLock { $0.last?.next })
        #expect(
            noticeFirst
                == .init(termination: job.id, at: job.dueAt.addingTimeInterval(-600), isDue: false, due: job.dueAt)
        )
        #expect(
            seen.withLock { $0.last?.summary.hasPrefix("1 pending; next: notice for termination \(job.id) at ") }
                == true
        )

        await h.clock.advance(by: 3000)  // past the notice: the due time is next
        #expect(seen.withLock { $0.last?.next?.isDue } == true)
        #expect(seen.withLock { $0.last?.summary.hasPrefix("1 pending; next: termination \(job.id) due at ") } == true)

        _ = try await h.scheduler.cancel(job.id, by: Caller(uid: 0, name: "root", pid: 1))
        #expect(seen.withLock { $0.last } == QueueStatus(pending: 0, next: nil))
    }

    @Test func watchdogPingsComeFromTheSchedulersLoopUntilCancelled() async throws {
        let h = try await Harness()
        defer { h.cleanUp() }
        let pings = Atomic<Int>(0)
        let watchdog = Task {
            await h.scheduler.runWatchdog(every: .milliseconds(5)) { pings.add(1, ordering: .relaxed) }
        }
        while pings.load(ordering: .relaxed) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        watchdog.cancel()
        await watchdog.value
        let afterCancel = pings.load(ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(50))
        #expect(pings.load(ordering: .relaxed) == afterCancel)
    }

    @Test func aReloadedProtectedListIsHonouredAtTheNextFiring() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "bob")])
        defer { h.cleanUp() }
        _ = try await h.schedule(.all(.none), in: 60)
        var config = h.settings.current
        config.protectedUsers = ["root", "bob"]
        #expect(h.settings.reload(config).isEmpty)

        await h.clock.advance(by: 60)

        #expect(h.sessions.terminated == ["1"])
    }
}
