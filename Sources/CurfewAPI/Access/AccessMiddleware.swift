import CurfewCore
import CurfewStore
import Foundation
import Hummingbird
import NIOCore

/// Identifies every caller by SO_PEERCRED and lets root and the admin group do everything; anyone else may only
/// read `GET /v1/me` and their own events (`GET /v1/events`). Denials are audited.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = CurfewRequestContext

    /// Read per connection: a reload that changes `admin_group` applies to connections made after it.
    let settings: LiveConfiguration
    let store: TerminationStore
    /// How the caller is identified: SO_PEERCRED in production; tests on an in-process router stand in for it.
    let identify: @Sendable (any Channel) async throws -> PeerCredentials
    let identities = ConnectionIdentities()

    var adminGroup: String { settings.current.adminGroup }

    /// What a caller outside the admin group may ask for (HEAD being GET without the body).
    static func isOpenToEveryone(_ request: Request) -> Bool {
        ([.get, .head].contains(request.method) && ["/v1/me", "/v1/events"].contains(request.uri.path))
            // The gate's routes check that such a caller asks only about themselves.
            || (request.method == .post && ["/v1/gate", "/v1/gate/session"].contains(request.uri.path))
            // A user's own desktop notices, for the helper that shows them as that user.
            || isDesktopNotices(request)
    }

    private static func isDesktopNotices(_ request: Request) -> Bool {
        let path = request.uri.path
        if [.get, .head].contains(request.method) { return path == "/v1/me/desktop-notices" }
        return request.method == .post && path.hasPrefix("/v1/me/desktop-notices/")
            && !path.dropFirst("/v1/me/desktop-notices/".count).contains("/")
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let identity = try await identities.identity(of: context.channel) { channel in
            let peer = try await identify(channel)
            return ConnectionIdentities.Identity(caller: peer.caller, isAdmin: peer.isAdmin(group: adminGroup))
        }
        context.caller = identity.caller
        context.isAdmin = identity.isAdmin
        guard context.isAdmin || Self.isOpenToEveryone(request) else {
            let entry = AuditEntry(
                at: Date(),
                actor: context.caller,
                action: .denied,
                target: "\(request.method) \(request.uri.path)",
                result: "403: not root nor in group \(adminGroup)"
            )
            try? store.appendAudit(entry)
            throw APIError.forbidden(
                "\(context.caller.name) (uid \(context.caller.uid)) may only read GET /v1/me, their own GET /v1/events and desktop notices, and ask POST /v1/gate about their own logins; everything else needs root or membership of group \(adminGroup)"
            )
        }
        return try await next(request, context)
    }
}
