import Hummingbird

/// A path the API serves, asked with a method it does not serve there (any method name: TRACE, PROPFIND, ...), gets
/// 405 and an `Allow` header (RFC 9110, section 15.5.6) instead of Hummingbird's 404, which would say the path does not
/// exist. HEAD is served wherever GET is (the router's own HEAD endpoints).
///
/// Added to the router after every route, so it runs only where no route matched: the router puts middleware added
/// last in front of its not-found responder alone.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = CurfewRequestContext

    /// Each path served, with the `Allow` value that lists its methods.
    private let served: [(path: RouterPath, allow: String)]

    init(routes: [Router<Context>.RouteDescription]) {
        var methods: [(path: RouterPath, methods: Set<HTTPRequest.Method>)] = []
        for route in routes {
            if let index = methods.firstIndex(where: { $0.path == route.path }) {
                methods[index].methods.insert(route.method)
            } else {
                methods.append((route.path, [route.method]))
            }
        }
        served = methods.map { path, methods in
            let allowed = methods.contains(.get) ? methods.union([.head]) : methods
            let listed =
                Self.order.filter(allowed.contains)
                + allowed.subtracting(Self.order).sorted { $0.rawValue < $1.rawValue }
            return (path, listed.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// The order methods are listed in `Allow`.
    private static let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        guard let route = served.first(where: { Self.matches($0.path, segments) }) else {
            return try await next(request, context)
        }
        throw APIError.methodNotAllowed(request.method, path: request.uri.path, allow: route.allow)
    }

    /// Whether `segments` is a path `path` serves, as the router matches it (literal segments and captures).
    private static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        path.components.count == segments.count && zip(path.components, segments).allSatisfy { $0 ~= $1 }
    }
}
