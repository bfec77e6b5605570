import CSystemd
import Glibc

/// One sd-bus client connection, owned here and closed in `deinit`.
/// Not thread-safe, like everything of sd-bus: one owner (`LogindClient`'s queue, `SessionWatcher`'s thread) uses it.
final class BusConnection {
    let bus: OpaquePointer

    private init(adopting bus: OpaquePointer) {
        self.bus = bus
    }

    deinit {
        sd_bus_flush_close_unref(bus)
    }

    /// Connects to the system bus (`DBUS_SYSTEM_BUS_ADDRESS` or the default socket), or to the bus at `address`,
    /// e.g. `unix:path=/run/dbus/system_bus_socket`.
    static func open(address: String?) throws(SystemCallError) -> BusConnection {
        var bus: OpaquePointer?
        guard let address else {
            try sd("sd_bus_open_system") { sd_bus_open_system(&bus) }
            return BusConnection(adopting: bus!)
        }
        try sd("sd_bus_new") { sd_bus_new(&bus) }
        // Owned from here on, so a failure below still unrefs it.
        let connection = BusConnection(adopting: bus!)
        try sd("sd_bus_set_address") { sd_bus_set_address(connection.bus, address) }
        try sd("sd_bus_set_bus_client") { sd_bus_set_bus_client(connection.bus, 1) }
        try sd("sd_bus_start") { sd_bus_start(connection.bus) }
        return connection
    }

    /// False once sd-bus has seen the connection drop: it never comes back, a new one is needed.
    var isOpen: Bool { sd_bus_is_open(bus) > 0 }

    /// Calls `method` with string arguments and waits for the reply (sd-bus's default timeout, 25 s).
    /// A D-Bus error reply, or a call that got no reply, throws `BusMethodError`.
    func call(_ method: BusMethod, _ arguments: String...) throws -> BusMessage {
        var created: OpaquePointer?
        try sd("sd_bus_message_new_method_call") {
            sd_bus_message_new_method_call(
                bus,
                &created,
                method.destination,
                method.path,
                method.interface,
                method.member
            )
        }
        let request = BusMessage(adopting: created!)
        for argument in arguments {
            try request.append(argument)
        }
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        let result = sd_bus_call(bus, request.pointer, 0, &error, &reply)
        guard result >= 0, let reply else {
            // A success without a reply would break sd-bus's contract: call it a bad message.
            throw BusMethodError(method: method.name, error: error, result: result < 0 ? result : -EBADMSG)
        }
        return BusMessage(adopting: reply)
    }
}
