import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// The user's session bus, where the desktop's notification server listens (`org.freedesktop.Notifications`).
/// Owned here and closed in `deinit`.
final class NotificationBus {
    private let bus: OpaquePointer

    /// Connects to `DBUS_SESSION_BUS_ADDRESS` (the unit sets it to /run/user/UID/bus), as the user this runs as.
    init() throws(NotifyError) {
        var bus: OpaquePointer?
        let result = sd_bus_open_user(&bus)
        guard result >= 0, let bus else {
            let address = getenv("DBUS_SESSION_BUS_ADDRESS").map { String(cString: $0) } ?? "$XDG_RUNTIME_DIR/bus"
            throw NotifyError("cannot connect to the user's bus \(address): \(String(cString: strerror(-result)))")
        }
        self.bus = bus
    }

    deinit {
        sd_bus_flush_close_unref(bus)
    }

    /// Calls `Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)` with the
    /// `urgency` hint (a byte: 0 low, 1 normal, 2 critical); returns the server's id for the notification.
    func notify(appName: String, summary: String, body: String, urgency: UInt8) throws(NotifyError) -> UInt32 {
        var created: OpaquePointer?
        try check("sd_bus_message_new_method_call") {
            sd_bus_message_new_method_call(
                bus,
                &created,
                "org.freedesktop.Notifications",
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications",
                "Notify"
            )
        }
        guard let message = created else { throw NotifyError("sd_bus_message_new_method_call gave no message") }
        defer { sd_bus_message_unref(message) }
        try append(message, string: appName)
        var replaces: UInt32 = 0
        try check("sd_bus_message_append_basic") { sd_bus_message_append_basic(message, code("u"), &replaces) }
        try append(message, string: "")
        try append(message, string: summary)
        try append(message, string: body)
        try check("sd_bus_message_open_container") { sd_bus_message_open_container(message, code("a"), "s") }
        try check("sd_bus_message_close_container") { sd_bus_message_close_container(message) }
        try check("sd_bus_message_open_container") { sd_bus_message_open_container(message, code("a"), "{sv}") }
        try check("sd_bus_message_open_container") { sd_bus_message_open_container(message, code("e"), "sv") }
        try append(message, string: "urgency")
        try check("sd_bus_message_open_container") { sd_bus_message_open_container(message, code("v"), "y") }
        var level = urgency
        try check("sd_bus_message_append_basic") { sd_bus_message_append_basic(message, code("y"), &level) }
        for _ in 0..<3 {
            try check("sd_bus_message_close_container") { sd_bus_message_close_container(message) }
        }
        // -1: the server's own default for how long it stays.
        var expire: Int32 = -1
        try check("sd_bus_message_append_basic") { sd_bus_message_append_basic(message, code("i"), &expire) }

        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        let result = sd_bus_call(bus, message, 5_000_000, &error, &reply)
        guard result >= 0, let reply else {
            let name = error.name.map { String(cString: $0) } ?? "errno \(-result)"
            let text = error.message.map { String(cString: $0) } ?? String(cString: strerror(-result))
            throw NotifyError("org.freedesktop.Notifications.Notify: \(name): \(text)")
        }
        defer { sd_bus_message_unref(reply) }
        var id: UInt32 = 0
        try check("sd_bus_message_read_basic") { sd_bus_message_read_basic(reply, code("u"), &id) }
        return id
    }

    private func append(_ message: OpaquePointer, string: String) throws(NotifyError) {
        try check("sd_bus_message_append_basic") {
            string.withCString { sd_bus_message_append_basic(message, code("s"), $0) }
        }
    }

    private func check(_ call: String, _ body: () -> Int32) throws(NotifyError) {
        let result = body()
        guard result >= 0 else { throw NotifyError("\(call): \(String(cString: strerror(-result)))") }
    }

    private func code(_ type: Unicode.Scalar) -> CChar {
        CChar(bitPattern: UInt8(truncatingIfNeeded: type.value))
    }
}

/// What went wrong, in words for curfewd's record and the journal.
struct NotifyError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
