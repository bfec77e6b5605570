import CurfewCore
import NIOCore
import Synchronization

/// Who is on each open connection and what they may do, worked out once per connection: the peer of a connected
/// socket never changes, so neither the kernel (SO_PEERCRED) nor the user and group databases are asked again for
/// each request on it. Forgotten when the connection closes.
final class ConnectionIdentities: Sendable {
    struct Identity: Sendable {
        var caller: Caller
        var isAdmin: Bool
    }

    private let known = Mutex<[ObjectIdentifier: Identity]>([:])

    func identity(
        of channel: any Channel,
        resolve: (any Channel) async throws -> Identity
    ) async throws -> Identity {
        let key = ObjectIdentifier(channel)
        if let identity = known.withLock({ $0[key] }) { return identity }
        let identity = try await resolve(channel)
        known.withLock { $0[key] = identity }
        channel.closeFuture.whenComplete { [self] _ in _ = known.withLock { $0.removeValue(forKey: key) } }
        return identity
    }
}
