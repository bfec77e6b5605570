/// Where a D-Bus method lives: the peer, the object, the interface and the member.
struct BusMethod: Sendable {
    var destination: String
    var path: String
    var interface: String
    var member: String

    /// `interface.member`, as errors and logs name it.
    var name: String { "\(interface).\(member)" }
}

extension BusMethod {
    private static let login1 = "org.freedesktop.login1"
    private static let manager = "/org/freedesktop/login1"
    private static let managerInterface = "org.freedesktop.login1.Manager"

    /// The session interface, whose properties `getAllProperties` reads.
    static let sessionInterface = "org.freedesktop.login1.Session"

    /// `ListSessions() -> a(susso)`: id, uid, user name, seat id, object path.
    static let listSessions = BusMethod(
        destination: login1,
        path: manager,
        interface: managerInterface,
        member: "ListSessions"
    )

    /// `TerminateSession(s id)`.
    static let terminateSession = BusMethod(
        destination: login1,
        path: manager,
        interface: managerInterface,
        member: "TerminateSession"
    )

    /// `org.freedesktop.DBus.Properties.GetAll(s interface) -> a{sv}` on one of logind's objects.
    static func getAllProperties(of path: String) -> BusMethod {
        BusMethod(destination: login1, path: path, interface: "org.freedesktop.DBus.Properties", member: "GetAll")
    }
}

extension BusMethodError {
    /// logind's answer for a session id it does not know.
    static let noSuchSession = "org.freedesktop.login1.NoSuchSession"
    /// The bus's answer for an object path nobody serves, as a session's once it has ended.
    static let unknownObject = "org.freedesktop.DBus.Error.UnknownObject"

    /// The session asked about ended before the call reached logind.
    var meansSessionGone: Bool { name == Self.noSuchSession || name == Self.unknownObject }
}
