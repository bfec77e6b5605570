import CurfewCore
import CurfewStore
import Foundation
import Testing

/// The event log: written with the change it describes, read after an id, filtered, pruned.
@Suite struct EventLogTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-events-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("curfew.sqlite").path }
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let admin = Caller(uid: 1000, name: "admin", pid: 4242)

    func draft(_ target: Target) -> TerminationDraft {
        TerminationDraft(
            target: target,
            dueAt: now.addingTimeInterval(3600),
            reason: "offboarding",
            notices: .standard,
            caller: admin,
            dryRun: false
        )
    }

    @Test func eachChangeWritesItsEventWithAnIncreasingIdAndWhoItConcerns() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        let jobs = try store.insert(
            [
                draft(.user("alice", .none)), draft(.sessions([SessionRef(id: "7", user: "bob")])),
                draft(.all(.none)),
            ],
            at: now
        )
        .map(\.termination)
        _ = try store.reschedule(jobs[0].id, to: now.addingTimeInterval(7200), by: admin, at: now)
        _ = try store.cancel(jobs[0].id, by: admin, at: now)

        let events = try store.events(after: 0)
        #expect(events.map(\.id) == [1, 2, 3, 4, 5])
        #expect(
            events.map(\.kind) == [
                .terminationScheduled, .terminationScheduled, .terminationScheduled, .terminationRescheduled,
                .terminationCancelled,
            ]
        )
        #expect(events.map(\.users) == [["alice"], ["bob"], [], ["alice"], ["alice"]])
        #expect(events.map(\.allUsers) == [false, false, true, false, false])
        #expect(events[3].details.previousDueAt == TimeText.rfc3339(now.addingTimeInterval(3600)))
        #expect(events[3].details.dueAt == TimeText.rfc3339(now.addingTimeInterval(7200)))
        #expect(events[4].summary == "termination 1 (user alice) cancelled by admin")
        #expect(events[4].details.actor == admin)

        // Alice's own view: her job and the one on every session; bob's job is not hers.
        #expect(try store.events(after: 0, concerning: "alice").map(\.id) == [1, 3, 4, 5])
        #expect(try store.events(after: 3, types: [.terminationCancelled]).map(\.id) == [5])
        #expect(try store.events(after: 5).isEmpty)
    }

    @Test func aRefusedChangeLeavesNoEvent() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        let job = try store.insert([draft(.user("alice", .none))], at: now)[0].termination
        _ = try store.cancel(job.id, by: admin, at: now)
        #expect(throws: StoreError.self) { try store.cancel(job.id, by: admin, at: now) }
        #expect(try store.events(after: 0).map(\.kind) == [.terminationScheduled, .terminationCancelled])
    }

    @Test func firingWritesAnEventForTheJobEachSessionAndTheEnd() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        let job = try store.insert([draft(.all(.none))], at: now)[0].termination
        _ = try store.beginFiring([job.id], at: now.addingTimeInterval(3600))
        _ = try store.recordResolution(
            job.id,
            sessions: [
                SessionOutcome(sessionID: "1", user: "alice", result: .pending),
                SessionOutcome(sessionID: "2", user: "root", result: .skippedProtected),
            ],
            at: now.addingTimeInterval(3600)
        )
        try store.recordOutcome(
            job.id,
            SessionOutcome(sessionID: "1", user: "alice", result: .failed, error: "NoSuchSession")
        )
        _ = try store.finishFiring(job.id, at: now.addingTimeInterval(3601))

        let events = try store.events(after: 1)
        #expect(
            events.map(\.kind) == [.terminationFired, .sessionSkipped, .sessionFailed, .terminationFailed]
        )
        #expect(events[1].sessionID == "2")
        #expect(events[1].details.result == "skipped-protected")
        #expect(events[2].users == ["alice"])
        #expect(events[2].details.error == "NoSuchSession")
        #expect(events[3].details.sessions == ["1", "2"])
        #expect(events[3].details.failed == 1)
        #expect(events[3].users == ["alice", "root"])
    }

    @Test func pruningKeepsIdsGrowingAndSaysHowFarItWent() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        _ = try store.insert([draft(.user("alice", .none))], at: now)
        _ = try store.insert([draft(.user("bob", .none))], at: now.addingTimeInterval(86_400))

        #expect(try store.pruneEvents(before: now.addingTimeInterval(60)) == 1)
        #expect(try store.eventHorizon() == EventHorizon(newestID: 2, prunedThrough: 1))
        #expect(try store.events(after: 0).map(\.id) == [2])
        #expect(try store.pruneEvents(before: now.addingTimeInterval(2 * 86_400)) == 1)

        // Reopened, with every event pruned, the next id still follows the last one given.
        let reopened = try TerminationStore(path: path)
        _ = try reopened.insert([draft(.user("carol", .none))], at: now.addingTimeInterval(3 * 86_400))
        #expect(try reopened.events(after: 0).map(\.id) == [3])
        #expect(try reopened.eventHorizon() == EventHorizon(newestID: 3, prunedThrough: 2))
    }

    @Test func listenersAreWokenOnceTheEventIsCommitted() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TerminationStore(path: path)
        var wakeups = store.eventFeed.listen().makeAsyncIterator()
        _ = try store.insert([draft(.user("alice", .none))], at: now)
        #expect(await wakeups.next() != nil)
        #expect(try store.events(after: 0).count == 1)
    }
}
