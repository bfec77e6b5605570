/// How a notice can reach a session: what logind says of the session decides.
public enum NoticeChannel: String, Sendable, Equatable, Codable, CaseIterable {
    /// A desktop notification on the user's own bus: the session is graphical (logind type x11, wayland or mir).
    case desktop
    /// Written to the session's terminal, as `wall` does.
    case terminal
    /// Neither: no terminal and no desktop (a PAM session of a service, a cron job's).
    case unreachable

    /// logind's session types that have a desktop to show a notification on.
    public static let graphicalTypes: Set<String> = ["x11", "wayland", "mir"]

    /// A graphical session gets its notices on its desktop even when logind names a terminal for it: that terminal
    /// is the VT its display server runs on, where nobody would see text written.
    public static func choose(for session: Session) -> NoticeChannel {
        if let type = session.type, graphicalTypes.contains(type) { return .desktop }
        if let tty = session.tty, !tty.isEmpty { return .terminal }
        return .unreachable
    }
}

/// How one notice fared with one session: delivered on its terminal or desktop, no way to reach it, or an error.
public struct NoticeReceipt: Sendable, Equatable, Codable {
    public enum Delivery: String, Sendable, Equatable, Codable {
        case terminal
        case desktop
        case unreachable
        case error
    }

    public var sessionID: String
    public var delivery: Delivery
    /// What went wrong (`error`), or why the session cannot be reached (`unreachable`).
    public var detail: String?

    public init(sessionID: String, delivery: Delivery, detail: String? = nil) {
        self.sessionID = sessionID
        self.delivery = delivery
        self.detail = detail
    }

    /// The words `notices_sent` uses for a session with neither a terminal nor a desktop.
    public static let noWayToReach = "no way to reach this session: it has neither a terminal nor a desktop"

    public static func unreachable(_ session: Session) -> NoticeReceipt {
        NoticeReceipt(sessionID: session.id, delivery: .unreachable, detail: noWayToReach)
    }

    /// True when the session got the notice.
    public var reached: Bool { delivery == .terminal || delivery == .desktop }
}
