import CurfewCore
import Glibc

extension BusConnection {
    /// Every current session, with all its properties (`ListSessions`, then `GetAll` on each); a session that ends
    /// while it is being read is left out.
    func listSessions() throws -> [Session] {
        try listSessionObjects().map(\.session)
    }

    /// `listSessions()` with each session's object path, which logind's signals name it by.
    func listSessionObjects() throws -> [(path: String, session: Session)] {
        let listed = try call(.listSessions).readArray(of: "(susso)") { message throws(SystemCallError) in
            try ListedSession(reading: message)
        }
        return try listed.compactMap { entry in try readSession(listed: entry).map { (entry.path, $0) } }
    }

    /// One session's properties (`GetAll` on its object); nil when it ended before logind answered.
    func readSession(listed: ListedSession) throws -> Session? {
        do {
            let reply = try call(.getAllProperties(of: listed.path), BusMethod.sessionInterface)
            return Session(listed: listed, properties: try reply.readProperties())
        } catch let error as BusMethodError where error.meansSessionGone {
            return nil
        }
    }
}

/// Errors after which a bus connection is useless: the bus went away or was never there.
func meansDisconnected(_ error: any Error) -> Bool {
    let code: Int32
    switch error {
    case let error as BusMethodError: code = error.errno
    case let error as SystemCallError: code = error.errno
    default: return false
    }
    return [ECONNRESET, ENOTCONN, EPIPE, ECONNREFUSED, ENOENT, ECONNABORTED, ESHUTDOWN].contains(code)
}
