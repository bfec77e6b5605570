import Foundation

/// A logind login session as curfew sees it.
public struct Session: Sendable, Equatable, Codable {
    public var id: String
    public var user: String
    public var uid: UInt32
    public var remoteHost: String?
    public var remoteUser: String?
    public var tty: String?
    public var service: String?
    public var type: String?
    public var sessionClass: String?
    public var state: String?
    public var seat: String?
    public var leader: Int32?
    /// When logind created it; tells a session from a later one that reuses its id.
    public var createdAt: Date?
    public var idleHint: Bool
    public var idleSince: Date?

    public init(
        id: String,
        user: String,
        uid: UInt32,
        remoteHost: String? = nil,
        remoteUser: String? = nil,
        tty: String? = nil,
        service: String? = nil,
        type: String? = nil,
        sessionClass: String? = nil,
        state: String? = nil,
        seat: String? = nil,
        leader: Int32? = nil,
        createdAt: Date? = nil,
        idleHint: Bool = false,
        idleSince: Date? = nil
    ) {
        self.id = id
        self.user = user
        self.uid = uid
        self.remoteHost = remoteHost
        self.remoteUser = remoteUser
        self.tty = tty
        self.service = service
        self.type = type
        self.sessionClass = sessionClass
        self.state = state
        self.seat = seat
        self.leader = leader
        self.createdAt = createdAt
        self.idleHint = idleHint
        self.idleSince = idleSince
    }

    /// How long after its creation a session without a terminal may still get one: logind (sshd through PAM) can fill
    /// in the TTY after announcing the session, with no signal.
    public static let settleTime: TimeInterval = 5

    /// Until when what logind says of this session may still change (it is opening, or new and without a terminal
    /// yet); nil once settled.
    public func settling(at now: Date) -> Date? {
        if state == "opening" { return now.addingTimeInterval(1) }
        guard tty?.isEmpty ?? true, let createdAt else { return nil }
        let settled = createdAt.addingTimeInterval(Self.settleTime)
        return settled > now ? settled : nil
    }
}

/// Where sessions come from and how they end: logind in production, a test double in tests.
public protocol LoginSessions: Sendable {
    /// Every current session.
    func list() async throws -> [Session]
    /// Ends one session; `.gone` when it no longer exists, which is not an error.
    func terminate(sessionID: String) async throws -> TerminateResult
}

public enum TerminateResult: Sendable, Equatable {
    case terminated
    case gone
}
