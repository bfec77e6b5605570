import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Synchronization
import Testing

/// A full state directory: new work is refused saying so, due jobs still fire and are recorded from the reserve, and
/// everything is back once there is room, without a restart.
@Suite struct SchedulerDiskFullTests {
    static let root = Caller(uid: 0, name: "root", pid: 42)

    /// Schedules jobs with long reasons until the store refuses one for lack of space; returns that refusal.
    func fillUp(_ h: Harness) async throws -> StoreError {
        try h.disk?.fill()
        for _ in 0..<1000 {
            do {
                _ = try await h.scheduler.schedule(
                    TerminationRequest(
                        target: .user("carol", .none),
                        dueAt: h.clock.now().addingTimeInterval(86_400),
                        reason: String(repeating: "r", count: TerminationRequest.reasonLimit),
                        notices: NoticePlan.none,
                        caller: Self.root
                    )
                )
            } catch let error as StoreError {
                return error
            }
        }
        throw NeverFull()
    }

    struct NeverFull: Error {}

    @Test func aDueJobFiresAndIsRecordedFromTheReserveWhenTheDiskIsFull() async throws {
        let disk = PageBudget()
        let h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "alice")], disk: disk)
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 600)

        let refusal = try await fillUp(h)
        #expect(refusal.code == .diskFull)
        #expect(h.store.diskStatus.isFull)

        await h.clock.advance(by: 600)

        let fired = try h.job(job.id)
        #expect(fired.state == .completed)
        #expect(fired.sessions.map(\.result) == [.terminated, .terminated])
        #expect(fired.history.map(\.to) == [.scheduled, .firing, .completed])
        #expect(h.sessions.terminated == ["1", "2"])
        #expect(disk.held < disk.capacity, "the reserve gave back room")
    }

    @Test func withoutAReserveNoSessionEndsUntilThereIsRoomToRecordIt() async throws {
        let disk = PageBudget(pages: 0)
        let h = try await Harness(sessions: [.ssh("1", user: "alice"), .ssh("2", user: "alice")], disk: disk)
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 600)
        _ = try await fillUp(h)

        await h.clock.advance(by: 600)

        // The `firing` mark itself may still fit in the room left inside the tables' pages; what must not happen is a
        // session ended before the sessions chosen are recorded.
        #expect([.scheduled, .firing].contains(try h.job(job.id).state))
        #expect(h.sessions.terminated.isEmpty)

        disk.freeSpace()
        h.store.checkRoom()
        await h.clock.advance(by: 60)

        #expect(try h.job(job.id).state == .completed)
        #expect(h.sessions.terminated == ["1", "2"])
    }

    @Test func refusalsNameTheDirectoryAndWhatWasNotDone() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")], disk: PageBudget())
        defer { h.cleanUp() }
        let job = try await h.schedule(.user("alice", .none), in: 600)
        let directory = h.directory.path

        let refusal = try await fillUp(h)

        #expect(
            refusal.message
                == "the state directory \(directory) is full: nothing was scheduled; free space there and try again"
        )
        let cancel = await #expect(throws: StoreError.self) { try await h.scheduler.cancel(job.id, by: Self.root) }
        #expect(cancel?.message.hasPrefix("the state directory \(directory) is full: nothing was cancelled;") == true)
        let reschedule = await #expect(throws: StoreError.self) {
            try await h.scheduler.reschedule(job.id, to: h.clock.now().addingTimeInterval(900), by: Self.root)
        }
        #expect(
            reschedule?.message.hasPrefix("the state directory \(directory) is full: nothing was rescheduled;") == true
        )
        // Reading goes on.
        #expect(try h.job(job.id).state == .scheduled)
        #expect(try h.store.terminations(limit: 1000).count > 1)
        #expect(try h.store.auditEntries(limit: 1).count == 1)
        #expect(try h.store.events(after: 0, types: [.diskFull]).count == 1)
    }

    @Test func roomComingBackEndsTheRefusalsWithoutARestartAndIsAnnouncedOnce() async throws {
        let disk = PageBudget()
        let h = try await Harness(sessions: [.ssh("1", user: "alice")], disk: disk)
        defer { h.cleanUp() }
        let seen = Mutex<[Bool]>([])
        h.store.observeDisk { status in seen.withLock { $0.append(status.isFull) } }

        _ = try await fillUp(h)
        _ = try? await h.schedule(.user("bob", .none), in: 600)
        _ = try? await h.schedule(.user("bob", .none), in: 600)
        #expect(!h.store.checkRoom(), "no room yet")

        disk.freeSpace()
        #expect(h.store.checkRoom())

        let job = try await h.schedule(.user("bob", .none), in: 600)
        #expect(try h.job(job.id).state == .scheduled)
        #expect(!h.store.diskStatus.isFull)
        #expect(disk.held == disk.capacity)
        #expect(seen.withLock { $0 } == [true, false])
        let kinds = try h.store.events(after: 0, types: [.diskFull, .diskRecovered]).map(\.kind)
        #expect(kinds == [.diskFull, .diskRecovered])
    }

    @Test func endingSessionsNowGoesOnFromTheReserve() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")], disk: PageBudget())
        defer { h.cleanUp() }
        _ = try await fillUp(h)

        let job = try await h.scheduler.terminateNow(
            TerminationRequest(
                target: .user("alice", .none),
                dueAt: h.clock.now(),
                reason: "incident",
                notices: nil,
                caller: Self.root
            )
        )

        #expect(job.state == .completed)
        #expect(h.sessions.terminated == ["1"])
    }

    @Test func noticeStepsStillReachTerminalsWhenTheDiskIsFull() async throws {
        let h = try await Harness(sessions: [.ssh("1", user: "alice")], disk: PageBudget())
        defer { h.cleanUp() }
        _ = try await h.schedule(.user("alice", .none), in: 600, notices: try NoticePlan(parsing: "5m"))
        _ = try await fillUp(h)

        await h.clock.advance(by: 600)

        #expect(h.notifier.kinds == ["scheduled", "step 300", "final"])
        #expect(h.sessions.terminated == ["1"])
    }
}
