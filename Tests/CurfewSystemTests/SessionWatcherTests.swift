import CurfewCore
import Foundation
import Synchronization
import Testing

@testable import CurfewSystem

/// `LogindClient.followSessions`: the sessions known from logind's signals, across restarts of logind and the bus.
@Suite struct SessionWatcherTests {
    private static func session(
        _ id: String,
        user: String = "alice",
        uid: UInt32 = 1000,
        state: String = "active"
    ) -> FakeLogindBus.SessionObject {
        FakeLogindBus.SessionObject(
            id: id,
            uid: uid,
            user: user,
            seat: "",
            properties: [
                ("Id", .string(id)),
                ("User", .structure([.uint32(uid), .objectPath("/org/freedesktop/login1/user/_\(uid)")])),
                ("Name", .string(user)),
                ("TTY", .string("pts/\(id)")),
                ("Service", .string("sshd")),
                ("State", .string(state)),
                ("IdleHint", .bool(false)),
            ]
        )
    }

    /// Counts the watcher's "logind is back" calls.
    private final class Counter: Sendable {
        private let count = Mutex(0)
        func increment() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// Waits until `condition` holds, for at most 10 s: the watcher's thread gets there in its own time.
    private func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func listFollowsSessionNewAndSessionRemovedWithoutListingAgain() async throws {
        let bus = try FakeLogindBus(sessions: [Self.session("7")])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        defer { client.stopFollowing() }
        try client.followSessions()
        #expect(try await eventually { client.followedSessions != nil })
        #expect(try await client.list().map(\.id) == ["7"])

        bus.open(Self.session("8", user: "bob", uid: 1001))
        #expect(try await eventually { client.followedSessions?.count == 2 })
        bus.logout("7")
        #expect(try await eventually { client.followedSessions?.map(\.id) == ["8"] })
        for _ in 0..<5 {
            #expect(try await client.list().map(\.user) == ["bob"])
        }
        let bob = try #require(try await client.list().first)
        #expect(bob.uid == 1001 && bob.tty == "pts/8" && bob.service == "sshd")
        // One list when it connected; the rest came from the signals.
        #expect(bus.calls(to: "ListSessions") == 1)
        #expect(bus.calls(to: "GetAll") == 2)
    }

    @Test func aPropertyLogindAnnouncesIsReadAgain() async throws {
        let bus = try FakeLogindBus(sessions: [Self.session("7")])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        defer { client.stopFollowing() }
        try client.followSessions()
        #expect(try await eventually { client.followedSessions?.first?.idleHint == false })
        bus.change("7", "IdleHint", to: .bool(true))
        #expect(try await eventually { client.followedSessions?.first?.idleHint == true })
    }

    @Test func aSessionStillOpeningIsReadAgainUntilItIsOpen() async throws {
        let bus = try FakeLogindBus(sessions: [])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        defer { client.stopFollowing() }
        try client.followSessions()
        #expect(try await eventually { client.followedSessions != nil })
        bus.open(Self.session("9", state: "opening"))
        #expect(try await eventually { client.followedSessions?.first?.state == "opening" })
        // logind announces no change of State.
        bus.change("9", "State", to: .string("active"), announcing: false)
        #expect(try await eventually { client.followedSessions?.first?.state == "active" })
    }

    @Test func logindLeavingDropsTheMapAndItsReturnListsAgainAndCallsBack() async throws {
        let bus = try FakeLogindBus(sessions: [Self.session("7")])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        defer { client.stopFollowing() }
        let backs = Counter()
        try client.followSessions { backs.increment() }
        #expect(try await eventually { backs.value == 1 })

        bus.logindLeaves()
        #expect(try await eventually { client.followedSessions == nil })
        // Not synced: the list asks logind, and fails as logind's absence makes it.
        let error = await #expect(throws: BusMethodError.self) { try await client.list() }
        #expect(error?.name == "org.freedesktop.DBus.Error.ServiceUnknown")
        #expect(backs.value == 1)

        bus.logindReturns(with: [Self.session("7"), Self.session("10", user: "carol", uid: 1002)])
        #expect(try await eventually { backs.value == 2 })
        #expect(try await client.list().map(\.id) == ["10", "7"])
        #expect(client.followedSyncs == 2)
    }

    @Test func aBusThatGoesAwayIsConnectedToAgainAndListedAgain() async throws {
        let first = try FakeLogindBus(sessions: [Self.session("7")])
        let client = LogindClient(busAddress: first.address)
        defer { client.stopFollowing() }
        let backs = Counter()
        try client.followSessions { backs.increment() }
        #expect(try await eventually { backs.value == 1 })

        first.stop()
        #expect(try await eventually { client.followedSessions == nil })
        // A few connection attempts fail meanwhile.
        try await Task.sleep(for: .milliseconds(300))
        let second = try FakeLogindBus(sessions: [Self.session("7"), Self.session("8")], path: first.path)
        defer { second.stop() }
        #expect(try await eventually { backs.value == 2 })
        #expect(try await client.list().map(\.id) == ["7", "8"])
        #expect(second.calls(to: "ListSessions") == 1)
    }

    @Test func stoppingWhileTheBusIsDownReturns() async throws {
        let bus = try FakeLogindBus(sessions: [])
        let client = LogindClient(busAddress: bus.address)
        try client.followSessions()
        #expect(try await eventually { client.followedSessions != nil })
        bus.stop()
        #expect(try await eventually { client.followedSessions == nil })
        client.stopFollowing()
        #expect(client.followedSessions == nil)
    }
}
