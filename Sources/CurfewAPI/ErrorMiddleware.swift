import Foundation
import Hummingbird

/// Gives every error reply the API's shape, including those Hummingbird makes itself (unknown route, body too large),
/// and keeps internal failures from leaking details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CurfewRequestContext

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw APIError(error.status, Self.code(for: error.status), error.body ?? Self.message(for: error, request))
        } catch {
            context.logger.error("internal error on \(request.method) \(request.uri.path): \(error)")
            throw APIError(.internalServerError, "internal", "internal error; the daemon's log has the details")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .notFound: "not_found"
        case .contentTooLarge: "too_large"
        case .unprocessableContent: "invalid"
        default: status.code < 500 ? "bad_request" : "internal"
        }
    }

    static func message(for error: HTTPError, _ request: Request) -> String {
        switch error.status {
        case .notFound: "no route for \(request.method) \(request.uri.path); GET /v1/openapi.yaml lists them"
        default: error.status.reasonPhrase
        }
    }
}
