import CSystemd

/// A D-Bus method call that failed: the error name and message of the reply, or the ones sd-bus made up for a call
/// that never got a reply (a dropped connection, a timeout).
public struct BusMethodError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The method called, as `interface.member`.
    public var method: String
    /// The D-Bus error name, e.g. `org.freedesktop.login1.NoSuchSession`.
    public var name: String
    public var message: String
    /// The errno sd-bus mapped the error to.
    public var errno: Int32

    public init(method: String, name: String, message: String, errno: Int32) {
        self.method = method
        self.name = name
        self.message = message
        self.errno = errno
    }

    /// Takes the name and message out of a failed `sd_bus_call`; `result` is its negative return.
    init(method: String, error: sd_bus_error, result: Int32) {
        self.method = method
        self.name = error.name.map { String(cString: $0) } ?? "System.Error.\(-result)"
        self.message = error.message.map { String(cString: $0) } ?? ""
        self.errno = -result
    }

    public var description: String { "\(method): \(name): \(message)" }
}
