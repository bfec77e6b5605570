#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The API's JSON as curfewctl writes and reads it.
public enum APIJSON {
    /// A request body: sorted keys, so the same request is the same bytes (idempotent retries match).
    public static func encode(_ body: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }

    /// Replies: snake_case keys, RFC 3339 times with or without fractional seconds.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
            guard let date = (try? withFraction.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an RFC 3339 time"
                )
            }
            return date
        }
        return decoder
    }()
}
