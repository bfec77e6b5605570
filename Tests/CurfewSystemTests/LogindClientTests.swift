import CurfewCore
import Foundation
import Glibc
import Testing

@testable import CurfewSystem

/// LogindClient over a real sd-bus connection, to a fake bus that answers as logind does.
@Suite struct LogindClientTests {
    private static let created = Date(timeIntervalSince1970: 1_795_000_000.25)
    private static let idle = Date(timeIntervalSince1970: 1_795_000_100)

    /// An ssh session as logind 252 describes it, with the properties curfew does not read among them.
    private static let ssh = FakeLogindBus.SessionObject(
        id: "7",
        uid: 1000,
        user: "alice",
        seat: "",
        properties: [
            ("Id", .string("7")),
            ("User", .structure([.uint32(1000), .objectPath("/org/freedesktop/login1/user/_1000")])),
            ("Name", .string("alice")),
            ("Timestamp", .uint64(1_795_000_000_250_000)),
            ("TimestampMonotonic", .uint64(123_456)),
            ("VTNr", .uint32(0)),
            ("Seat", .structure([.string(""), .objectPath("/")])),
            ("TTY", .string("pts/1")),
            ("Display", .string("")),
            ("Remote", .bool(true)),
            ("RemoteHost", .string("127.0.0.1")),
            ("RemoteUser", .string("")),
            ("Service", .string("sshd")),
            ("Desktop", .string("")),
            ("Scope", .string("session-7.scope")),
            ("Leader", .uint32(4242)),
            ("Audit", .uint32(7)),
            ("Type", .string("tty")),
            ("Class", .string("user")),
            ("Active", .bool(true)),
            ("State", .string("active")),
            ("IdleHint", .bool(true)),
            ("IdleSinceHint", .uint64(1_795_000_100_000_000)),
            ("IdleSinceHintMonotonic", .uint64(0)),
            ("LockedHint", .bool(false)),
            ("Groups", .strings(["users", "wheel"])),
            ("Nested", .structure([.structure([.bool(true), .strings([])]), .uint64(1)])),
        ]
    )

    /// A console session on seat0 that logind knows little about.
    private static let console = FakeLogindBus.SessionObject(
        id: "c1",
        uid: 1001,
        user: "bob",
        seat: "seat0",
        properties: [
            ("Id", .string("c1")),
            ("User", .structure([.uint32(1001), .objectPath("/org/freedesktop/login1/user/_1001")])),
            ("Name", .string("bob")),
            ("Timestamp", .uint64(0)),
            ("Seat", .structure([.string("seat0"), .objectPath("/org/freedesktop/login1/seat/seat0")])),
            ("TTY", .string("")),
            ("RemoteHost", .string("")),
            ("Service", .string("")),
            ("Leader", .uint32(0)),
            ("IdleHint", .bool(false)),
            ("IdleSinceHint", .uint64(0)),
        ]
    )

    @Test func listReadsEveryPropertyOfEverySession() async throws {
        let bus = try FakeLogindBus(sessions: [Self.ssh, Self.console])
        defer { bus.stop() }
        let sessions = try await LogindClient(busAddress: bus.address).list()
        #expect(
            sessions == [
                Session(
                    id: "7",
                    user: "alice",
                    uid: 1000,
                    remoteHost: "127.0.0.1",
                    tty: "pts/1",
                    service: "sshd",
                    type: "tty",
                    sessionClass: "user",
                    state: "active",
                    leader: 4242,
                    createdAt: Self.created,
                    idleHint: true,
                    idleSince: Self.idle
                ),
                Session(id: "c1", user: "bob", uid: 1001, seat: "seat0"),
            ]
        )
    }

    @Test func sessionThatEndsWhileBeingListedIsLeftOut() async throws {
        var other = Self.console
        other.id = "c2"
        let bus = try FakeLogindBus(sessions: [Self.ssh, Self.console, other])
        defer { bus.stop() }
        bus.vanish("7", answering: "org.freedesktop.DBus.Error.UnknownObject")
        bus.vanish("c2", answering: "org.freedesktop.login1.NoSuchSession")
        let sessions = try await LogindClient(busAddress: bus.address).list()
        #expect(sessions.map(\.id) == ["c1"])
    }

    @Test func otherErrorsWhileListingAreThrown() async throws {
        let bus = try FakeLogindBus(sessions: [Self.ssh])
        defer { bus.stop() }
        bus.vanish("7", answering: "org.freedesktop.DBus.Error.AccessDenied")
        await #expect(throws: BusMethodError.self) { try await LogindClient(busAddress: bus.address).list() }
    }

    @Test func terminateEndsTheSession() async throws {
        let bus = try FakeLogindBus(sessions: [Self.ssh, Self.console])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        #expect(try await client.terminate(sessionID: "7") == .terminated)
        #expect(bus.terminated == ["7"])
        #expect(try await client.list().map(\.id) == ["c1"])
    }

    @Test func terminatingASessionLogindDoesNotKnowIsGone() async throws {
        let bus = try FakeLogindBus(sessions: [Self.ssh])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        #expect(try await client.terminate(sessionID: "9999") == .gone)
        #expect(try await client.terminate(sessionID: "7") == .terminated)
        #expect(try await client.terminate(sessionID: "7") == .gone)
    }

    @Test func refusedTerminationCarriesTheDBusErrorNameAndMessage() async throws {
        let bus = try FakeLogindBus(sessions: [Self.ssh])
        defer { bus.stop() }
        bus.failTerminations(name: "org.freedesktop.DBus.Error.AccessDenied", message: "Access denied")
        let error = await #expect(throws: BusMethodError.self) {
            try await LogindClient(busAddress: bus.address).terminate(sessionID: "7")
        }
        #expect(error?.method == "org.freedesktop.login1.Manager.TerminateSession")
        #expect(error?.name == "org.freedesktop.DBus.Error.AccessDenied")
        #expect(error?.message == "Access denied")
        #expect(error?.errno == EACCES)
        #expect(bus.terminated.isEmpty)
    }

    @Test func aCallThatFindsTheConnectionGoneIsMadeAgainOnANewOneAtOnce() async throws {
        let bus = try FakeLogindBus(sessions: [Self.ssh])
        defer { bus.stop() }
        let client = LogindClient(busAddress: bus.address)
        #expect(try await client.list().count == 1)
        bus.dropConnectionAfterNextReply()
        #expect(try await client.terminate(sessionID: "9999") == .gone)
        // The kept connection is dead (as after `systemctl restart dbus`); the caller never sees it.
        #expect(try await client.list().count == 1)
        #expect(bus.connections == 2)
    }

    @Test func survivesABusThatIsDownForAWhile() async throws {
        let first = try FakeLogindBus(sessions: [Self.ssh])
        let client = LogindClient(busAddress: first.address)
        #expect(try await client.list().count == 1)
        first.stop()
        let down = await #expect(throws: SystemCallError.self) { try await client.list() }
        #expect(down == SystemCallError("sd_bus_start", errno: ENOENT))
        let second = try FakeLogindBus(sessions: [Self.ssh, Self.console], path: first.path)
        defer { second.stop() }
        #expect(try await client.list().count == 2)
    }
}
