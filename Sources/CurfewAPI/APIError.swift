import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Hummingbird

/// An error reply: `{"error": {"code": ..., "message": ...}}` with the status that fits. Bad input is always a 4xx.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Headers the reply carries besides its JSON body.
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static func invalid(_ message: String) -> APIError { APIError(.unprocessableContent, "invalid", message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }
    /// The state directory is full: nothing was changed (swift-http-types has no name for 507).
    static func diskFull(_ message: String) -> APIError {
        APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "disk_full", message)
    }

    static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allow: String) -> APIError {
        var error = APIError(
            .methodNotAllowed,
            "method_not_allowed",
            "\(method) is not allowed on \(path); it takes \(allow)"
        )
        error.headers[.allow] = allow
        return error
    }

    /// What a scheduler refusal means to a client.
    init(_ error: SchedulerError) {
        switch error.code {
        case .invalid: self = .invalid(error.message)
        case .notFound: self = .notFound(error.message)
        case .conflict: self = .conflict(error.message)
        case .unavailable: self.init(.serviceUnavailable, "unavailable", error.message)
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(["error": ["code": code, "message": message]])
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Runs a handler's work, turning the domain's refusals into replies. Anything else is a real failure (500).
func replying<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SchedulerError {
        throw APIError(error)
    } catch let error as InputError {
        throw APIError.invalid(error.message)
    } catch let error as StoreError {
        switch error.code {
        case .notFound: throw APIError.notFound(error.message)
        case .conflict, .idempotencyMismatch: throw APIError.conflict(error.message)
        case .diskFull: throw APIError.diskFull(error.message)
        case .unreadable, .newerSchema: throw error
        }
    }
}
