import Dispatch

/// Starts systemd units: systemd's manager on the system bus in production, a stand-in in tests.
public protocol UnitStarter: Sendable {
    /// Asks systemd to start `unit` (`StartUnit`, mode `replace`); returns once the job is queued.
    func start(_ unit: String) async throws
}

/// systemd's manager over D-Bus (`org.freedesktop.systemd1`). curfewd, as user curfew, may start only the units its
/// polkit rule names (`curfew-notify@UID.service`): systemd asks polkit for `org.freedesktop.systemd1.manage-units`
/// with the unit and the verb.
public struct SystemdUnits: UnitStarter {
    private let busAddress: String?

    /// - Parameter busAddress: nil for the system bus, or a D-Bus address.
    public init(busAddress: String? = nil) {
        self.busAddress = busAddress
    }

    /// - Throws: `BusMethodError` with systemd's or polkit's answer (`org.freedesktop.DBus.Error.AccessDenied`...),
    ///   or `SystemCallError` from sd-bus.
    public func start(_ unit: String) async throws {
        let address = busAddress
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // A connection per start: starts are rare (one per notice and user), and a fresh connection never finds
            // itself dropped by a bus restart. sd-bus blocks: not on a thread of the cooperative pool.
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let bus = try BusConnection.open(address: address)
                        _ = try bus.call(.startUnit, unit, "replace")
                    }
                )
            }
        }
    }
}

extension BusMethod {
    /// `StartUnit(s name, s mode) -> o job`.
    static let startUnit = BusMethod(
        destination: "org.freedesktop.systemd1",
        path: "/org/freedesktop/systemd1",
        interface: "org.freedesktop.systemd1.Manager",
        member: "StartUnit"
    )
}
