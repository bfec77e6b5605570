import Foundation
import CurfewCore
import Hummingbird

/// The query string as every route reads it. A parameter is given at most once (a list may repeat), never empty,
/// within its length and range; anything else is a 400 that names the parameter and says what is accepted. Nothing
/// malformed is read as absent, clamped or wrapped.
struct QueryParameters: Sendable {
    /// The longest value of a name-like filter (user, host, service): longer than any such name.
    static let nameLength = 256

    /// Each decoded name's values, in the order given.
    private let values: [String: [String]]

    init(_ request: Request) throws(APIError) {
        var values: [String: [String]] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts[0].removingPercentEncoding,
                let value = parts.count == 2 ? parts[1].removingPercentEncoding : ""
            else {
                throw APIError.badRequest(
                    "the query has a malformed percent-encoding in '\(Self.shown(pair))'; write % as %25"
                )
            }
            values[name, default: []].append(value)
        }
        self.values = values
    }

    /// The one value of `name`, if given; repeated or empty is refused, saying what `expected` is.
    private func single(_ name: String, expected: String) throws(APIError) -> String? {
        guard let given = values[name] else { return nil }
        guard given.count == 1 else {
            throw APIError.badRequest("query parameter '\(name)' is given \(given.count) times; give it once")
        }
        guard !given[0].isEmpty else {
            throw Self.empty(name, expected: expected)
        }
        return given[0]
    }

    /// A whole number in `range`, or `value` when the parameter is left out.
    func integer<Number: FixedWidthInteger>(
        _ name: String,
        default value: Number,
        in range: ClosedRange<Number>
    ) throws(APIError) -> Number {
        try integer(name, in: range) ?? value
    }

    /// A whole number in `range`, if given.
    func integer<Number: FixedWidthInteger>(_ name: String, in range: ClosedRange<Number>) throws(APIError) -> Number? {
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard let text = try single(name, expected: expected) else { return nil }
        guard let number = Number(text, radix: 10), range.contains(number) else {
            throw Self.refused(name, text, expected: expected)
        }
        return number
    }

    /// Text of 1 to `maxLength` characters, if given.
    func text(_ name: String, maxLength: Int = Self.nameLength) throws(APIError) -> String? {
        guard let text = try single(name, expected: "1 to \(maxLength) characters") else { return nil }
        guard text.count <= maxLength else {
            throw APIError.badRequest(
                "query parameter '\(name)' is \(text.count) characters long; at most \(maxLength) are accepted"
            )
        }
        return text
    }

    /// One of a fixed set of values (a state, an action), spelled exactly as the document lists them, if given.
    func choice<Value: CaseIterable & RawRepresentable<String>>(
        _ name: String,
        of type: Value.Type
    ) throws(APIError)
        -> Value?
    {
        let expected = "one of " + Value.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = try single(name, expected: expected) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw Self.refused(name, text, expected: expected)
        }
        return value
    }

    /// Every value of a parameter that may be repeated, each of 1 to `maxLength` characters.
    func list(_ name: String, expected: String, maxLength: Int) throws(APIError) -> [String] {
        let given = values[name] ?? []
        if given.contains(where: \.isEmpty) { throw Self.empty(name, expected: expected) }
        for text in given where text.count > maxLength {
            throw Self.refused(name, text, expected: "\(expected), at most \(maxLength) characters")
        }
        return given
    }

    /// Items of a closed set (event types, audit actions), repeated or comma-separated; nil when not given.
    func set<Item: ListParsable>(_ name: String, of: Item.Type) throws(APIError) -> Set<Item>? {
        let texts = try list(name, expected: "\(Item.itemName)s separated by commas", maxLength: 1000)
        if texts.isEmpty { return nil }
        do {
            return try Item.parseList(texts)
        } catch {
            throw APIError.badRequest("query parameter '\(name)': \(error.message)")
        }
    }

    /// An RFC 3339 time as the document's pattern has it (a zone is required), if given.
    func time(_ name: String) throws(APIError) -> Date? {
        let expected = "an RFC 3339 time such as 2026-11-25T17:00:00Z"
        guard let text = try single(name, expected: expected) else { return nil }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard text.wholeMatch(of: Self.rfc3339) != nil,
            let date = (try? withFraction.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
        else {
            throw Self.refused(name, text, expected: expected)
        }
        return date
    }

    /// The `since` pattern of the OpenAPI document.
    nonisolated(unsafe) private static let rfc3339 =
        /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?(Z|[+-](0[0-9]|1[0-7]):[0-5][0-9])/

    private static func empty(_ name: String, expected: String) -> APIError {
        APIError.badRequest("query parameter '\(name)' is empty; expected \(expected), or leave it out")
    }

    private static func refused(_ name: String, _ text: String, expected: String) -> APIError {
        APIError.badRequest("query parameter '\(name)' is '\(shown(text))'; expected \(expected)")
    }

    /// Input echoed in an error, cut short so a huge value does not make a huge reply.
    static func shown(_ text: some StringProtocol) -> String {
        text.count <= 80 ? String(text) : text.prefix(80) + "..."
    }
}
