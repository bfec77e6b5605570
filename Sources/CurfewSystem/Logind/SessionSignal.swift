import CSystemd

/// What a signal the session watcher follows says.
enum SessionSignal: Equatable {
    /// `org.freedesktop.login1.Manager.SessionNew(s id, o path)`.
    case sessionNew(id: String, path: String)
    /// `org.freedesktop.login1.Manager.SessionRemoved(s id, o path)`.
    case sessionRemoved(id: String, path: String)
    /// `org.freedesktop.DBus.Properties.PropertiesChanged` on a session's object.
    case propertiesChanged(path: String)
    /// `org.freedesktop.DBus.NameOwnerChanged` for `org.freedesktop.login1`: its new owner, "" when logind left.
    case logindOwner(String)
    /// A signal that could not be read: the sessions may have changed unseen.
    case unreadable(String)

    /// The match rules whose signals these are.
    static let rules = [
        "type='signal',sender='org.freedesktop.login1',path='/org/freedesktop/login1',"
            + "interface='org.freedesktop.login1.Manager',member='SessionNew'",
        "type='signal',sender='org.freedesktop.login1',path='/org/freedesktop/login1',"
            + "interface='org.freedesktop.login1.Manager',member='SessionRemoved'",
        "type='signal',sender='org.freedesktop.login1',interface='org.freedesktop.DBus.Properties',"
            + "member='PropertiesChanged',path_namespace='/org/freedesktop/login1/session'",
        "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',interface='org.freedesktop.DBus',"
            + "member='NameOwnerChanged',arg0='org.freedesktop.login1'",
    ]

    /// Reads a message one of `rules` matched.
    init(reading pointer: OpaquePointer) {
        let member = sd_bus_message_get_member(pointer).map { String(cString: $0) } ?? ""
        let path = sd_bus_message_get_path(pointer).map { String(cString: $0) } ?? ""
        // Its own reference, so reading it is independent of sd-bus's.
        let message = BusMessage(adopting: sd_bus_message_ref(pointer))
        do {
            switch member {
            case "SessionNew":
                self = .sessionNew(id: try message.readString(), path: try message.readObjectPath())
            case "SessionRemoved":
                self = .sessionRemoved(id: try message.readString(), path: try message.readObjectPath())
            case "PropertiesChanged":
                self = .propertiesChanged(path: path)
            case "NameOwnerChanged":
                _ = try message.readString()
                _ = try message.readString()
                self = .logindOwner(try message.readString())
            default:
                self = .unreadable("unexpected signal \(member) on \(path)")
            }
        } catch {
            self = .unreadable("signal \(member) on \(path): \(error)")
        }
    }
}

/// The signals the watcher's connection received, in order, until the watcher takes them. Used only on the
/// watcher's thread, from sd-bus's callbacks.
final class SignalInbox {
    private var signals: [SessionSignal] = []

    func receive(_ message: OpaquePointer) {
        signals.append(SessionSignal(reading: message))
    }

    func take() -> [SessionSignal] {
        defer { signals = [] }
        return signals
    }
}
