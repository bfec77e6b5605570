import Hummingbird

/// A path the API serves, asked with a method it does not serve there, gets 405 and an `Allow` header (RFC 9110,
/// section 15.5.6) instead of Hummingbird's 404, which would say the path does not exist. HEAD is served wherever GET
/// is (the router's own HEAD endpoints).
enum MethodNotAllowedRoutes {
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    /// Call once every route is on the router.
    static func add(to router: Router<CurfewRequestContext>) {
        var served: [(path: RouterPath, methods: Set<HTTPRequest.Method>)] = []
        for route in router.routes {
            if let index = served.firstIndex(where: { $0.path == route.path }) {
                served[index].methods.insert(route.method)
            } else {
                served.append((route.path, [route.method]))
            }
        }
        for (path, methods) in served {
            let allowed = methods.contains(.get) ? methods.union([.head]) : methods
            let allow = Self.methods.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            for method in Self.methods where !allowed.contains(method) {
                router.on(path, method: method) { request, _ -> Response in
                    throw APIError.methodNotAllowed(request.method, path: request.uri.path, allow: allow)
                }
            }
        }
    }
}
