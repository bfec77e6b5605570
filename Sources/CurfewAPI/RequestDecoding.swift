import CurfewCore
import Foundation
import Hummingbird

/// Reading what clients send: bodies and path parameters (the query: `QueryParameters`), each mistake a 400 that says what is accepted.
extension Request {
    /// Decodes a JSON body, turning every decoding failure into a 400 naming the field.
    func json<Body: Decodable>(_ type: Body.Type, context: CurfewRequestContext) async throws -> (Body, ByteBuffer) {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(
                .contentTooLarge,
                "too_large",
                "the request body is larger than \(context.maxUploadSize) bytes"
            )
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("a JSON body is required") }
        do {
            return (try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView)), buffer)
        } catch let error as InputError {
            throw APIError.badRequest(error.message)
        } catch let error as DecodingError {
            throw APIError.badRequest(Self.explain(error))
        } catch {
            throw APIError.badRequest("the body is not valid JSON")
        }
    }

    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return parts.isEmpty ? "the body" : "'" + parts.joined(separator: ".") + "'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type: expected \(Self.name(of: type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) must not be null: expected \(Self.name(of: type))"
        case .keyNotFound(let key, _):
            return "'\(key.stringValue)' is required"
        case .dataCorrupted(let context):
            if let input = context.underlyingError as? InputError { return input.message }
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)) is not valid"
        @unknown default:
            return "the body could not be read"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of strings"
        case is Int.Type, is Int64.Type: "an integer"
        default: "an object"
        }
    }

    /// A path parameter that must be a termination id.
    func terminationID(_ context: CurfewRequestContext) throws -> TerminationID {
        let text = context.parameters.get("id") ?? ""
        return try asBadRequest { () throws(InputError) in try TerminationID(parsing: text) }
    }
}

/// A stable digest of a request, so a reused idempotency key can be told apart from a retry.
func digest(_ buffer: ByteBuffer) -> String {
    let canonical: Data
    if let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)),
        let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    {
        canonical = sorted
    } else {
        canonical = Data(buffer.readableBytesView)
    }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
    for byte in canonical {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
}

/// Input mistakes in a query or path become 400s.
func asBadRequest<T>(_ body: () throws(InputError) -> T) throws(APIError) -> T {
    do {
        return try body()
    } catch {
        throw APIError.badRequest(error.message)
    }
}
