import CurfewCore
import Foundation
import Synchronization

/// logind as the scheduler sees it, in memory: sessions to list and end, and a switch to make it unreachable.
final class FakeSessions: LoginSessions {
    struct Unreachable: Error {}

    private struct State {
        var sessions: [Session] = []
        var terminated: [String] = []
        var unreachable = false
    }

    private let state = Mutex(State())

    init(_ sessions: [Session] = []) {
        state.withLock { $0.sessions = sessions }
    }

    func list() async throws -> [Session] {
        try state.withLock { state in
            guard !state.unreachable else { throw Unreachable() }
            return state.sessions
        }
    }

    func terminate(sessionID: String) async throws -> TerminateResult {
        try state.withLock { state in
            guard !state.unreachable else { throw Unreachable() }
            guard let index = state.sessions.firstIndex(where: { $0.id == sessionID }) else { return .gone }
            state.sessions.remove(at: index)
            state.terminated.append(sessionID)
            return .terminated
        }
    }

    /// Opens a session (as a login would).
    func open(_ session: Session) { state.withLock { $0.sessions.append(session) } }

    /// Ends a session behind curfew's back (the user logs out).
    func logout(_ id: String) { state.withLock { $0.sessions.removeAll { $0.id == id } } }

    func setUnreachable(_ unreachable: Bool) { state.withLock { $0.unreachable = unreachable } }

    /// Session ids curfew ended, in order.
    var terminated: [String] { state.withLock { $0.terminated } }
    var liveIDs: [String] { state.withLock { $0.sessions.map(\.id) } }
}

extension Session {
    static func ssh(
        _ id: String,
        user: String,
        uid: UInt32 = 1000,
        host: String = "10.0.0.5",
        created: Double = 1
    ) -> Session {
        Session(
            id: id,
            user: user,
            uid: uid,
            remoteHost: host,
            tty: "pts/\(id)",
            service: "sshd",
            type: "tty",
            sessionClass: "user",
            state: "active",
            createdAt: Date(timeIntervalSince1970: created)
        )
    }
}
