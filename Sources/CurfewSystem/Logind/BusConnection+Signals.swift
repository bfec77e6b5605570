import CSystemd
import Glibc

extension BusConnection {
    /// Adds a match rule; the messages it matches go to `inbox` while `process()` runs. The match lives as long as the
    /// connection (a floating slot), so `inbox` must outlive the connection.
    func addMatch(_ rule: String, to inbox: SignalInbox) throws(SystemCallError) {
        let userdata = Unmanaged.passUnretained(inbox).toOpaque()
        try sd("sd_bus_add_match") {
            sd_bus_add_match(
                bus,
                nil,
                rule,
                { message, userdata, _ in
                    guard let message, let userdata else { return 0 }
                    Unmanaged<SignalInbox>.fromOpaque(userdata).takeUnretainedValue().receive(message)
                    return 0
                },
                userdata
            )
        }
    }

    /// Reads and dispatches what has arrived, until nothing is left; throws once the connection is gone.
    func process() throws(SystemCallError) {
        while try sd("sd_bus_process", { sd_bus_process(bus, nil) }) > 0 {}
    }

    /// What `poll` must wait for on this connection: its descriptor, the events, and sd-bus's own deadline (a call's
    /// timeout, in CLOCK_MONOTONIC microseconds), if it has one.
    func pollRequest() throws(SystemCallError) -> (descriptor: Int32, events: Int16, deadline: UInt64?) {
        let descriptor = try sd("sd_bus_get_fd") { sd_bus_get_fd(bus) }
        let events = try sd("sd_bus_get_events") { sd_bus_get_events(bus) }
        var deadline: UInt64 = 0
        try sd("sd_bus_get_timeout") { sd_bus_get_timeout(bus, &deadline) }
        return (descriptor, Int16(truncatingIfNeeded: events), deadline == UInt64.max ? nil : deadline)
    }
}

/// CLOCK_MONOTONIC in microseconds, as sd-bus gives its deadlines.
func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
