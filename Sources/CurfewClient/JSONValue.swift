import CurfewText

/// A JSON text read into values (RFC 8259), and small values written back, for the replies PAM waits for at every
/// login (`GateReply`, `ToldReply`). Reading them through `JSONDecoder` cost more than a fifth of `curfewctl
/// pam-account`'s CPU, nearly all of it the Swift runtime looking up the generic types Codable uses, once per process.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The deepest nesting read: curfewd's replies are two or three levels deep.
    public static let deepest = 64

    public init(parsing bytes: some Collection<UInt8>) throws(JSONError) {
        var reader = Reader(bytes: Array(bytes))
        reader.skipSpace()
        self = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.offset == reader.bytes.count else { throw reader.error("text after the value") }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        func error(_ what: String) -> JSONError { JSONError("\(what) at byte \(offset)") }

        mutating func skipSpace() {
            while offset < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[offset]) { offset += 1 }
        }

        mutating func value(depth: Int) throws(JSONError) -> JSONValue {
            guard depth < JSONValue.deepest else { throw error("nested deeper than \(JSONValue.deepest)") }
            guard offset < bytes.count else { throw error("the text ends where a value should be") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        mutating func literal(_ word: String, _ value: JSONValue) throws(JSONError) -> JSONValue {
            let utf8 = Array(word.utf8)
            guard bytes.count - offset >= utf8.count, bytes[offset..<offset + utf8.count].elementsEqual(utf8) else {
                throw error("not a JSON value")
            }
            offset += utf8.count
            return value
        }

        mutating func object(depth: Int) throws(JSONError) -> JSONValue {
            var members: [String: JSONValue] = [:]
            try elements(closedBy: "}", inside: "an object") { reader throws(JSONError) in
                guard reader.offset < reader.bytes.count, reader.bytes[reader.offset] == UInt8(ascii: "\"") else {
                    throw reader.error("expected a name")
                }
                let name = try reader.string()
                reader.skipSpace()
                guard reader.offset < reader.bytes.count, reader.bytes[reader.offset] == UInt8(ascii: ":") else {
                    throw reader.error("expected ':'")
                }
                reader.offset += 1
                reader.skipSpace()
                members[name] = try reader.value(depth: depth + 1)
            }
            return .object(members)
        }

        mutating func array(depth: Int) throws(JSONError) -> JSONValue {
            var values: [JSONValue] = []
            try elements(closedBy: "]", inside: "an array") { reader throws(JSONError) in
                values.append(try reader.value(depth: depth + 1))
            }
            return .array(values)
        }

        /// The elements of an object or array from its opening bracket to `close`, separated by commas; `element`
        /// reads one, starting at its first byte.
        mutating func elements(
            closedBy close: Unicode.Scalar,
            inside what: String,
            _ element: (inout Reader) throws(JSONError) -> Void
        ) throws(JSONError) {
            let close = UInt8(ascii: close)
            offset += 1
            skipSpace()
            if offset < bytes.count, bytes[offset] == close {
                offset += 1
                return
            }
            while true {
                skipSpace()
                try element(&self)
                skipSpace()
                guard offset < bytes.count else { throw error("the text ends inside \(what)") }
                if bytes[offset] == close {
                    offset += 1
                    return
                }
                guard bytes[offset] == UInt8(ascii: ",") else {
                    throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
                offset += 1
            }
        }

        mutating func string() throws(JSONError) -> String {
            offset += 1
            var out: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw error("a string that is not UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    try escape(into: &out)
                case 0..<0x20:
                    offset -= 1
                    throw error("a control character inside a string")
                default:
                    out.append(byte)
                }
            }
            throw error("the text ends inside a string")
        }

        mutating func escape(into out: inout [UInt8]) throws(JSONError) {
            guard offset < bytes.count else { throw error("the text ends inside an escape") }
            let letter = bytes[offset]
            offset += 1
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5c, UInt8(ascii: "/"): 0x2f, UInt8(ascii: "b"): 0x08,
                UInt8(ascii: "f"): 0x0c, UInt8(ascii: "n"): 0x0a, UInt8(ascii: "r"): 0x0d, UInt8(ascii: "t"): 0x09,
            ]
            if let byte = simple[letter] {
                out.append(byte)
                return
            }
            guard letter == UInt8(ascii: "u") else { throw error("an unknown escape") }
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A pair of surrogates: the low half must follow as \uDC00-\uDFFF.
                guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate without its low half") }
                offset += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("a high surrogate without its low half") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("a lone surrogate") }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        }

        mutating func hex4() throws(JSONError) -> UInt32 {
            guard bytes.count - offset >= 4,
                let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16),
                bytes[offset..<offset + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
            else { throw error("\\u needs four hex digits") }
            offset += 4
            return value
        }

        mutating func number() throws(JSONError) -> JSONValue {
            let start = offset
            let allowed = Set("+-0123456789.eE".utf8)
            while offset < bytes.count, allowed.contains(bytes[offset]) { offset += 1 }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            // JSON's grammar is narrower than Double's: no leading '+', no leading zeros, digits around the point.
            guard !text.isEmpty, text.first != "+", let value = Double(text), value.isFinite,
                !text.hasPrefix("."), !text.hasPrefix("-."), !text.hasSuffix("."),
                !(text.hasPrefix("0") && text.count > 1 && text.dropFirst().first?.isNumber == true),
                !(text.hasPrefix("-0") && text.count > 2 && text.dropFirst(2).first?.isNumber == true)
            else {
                offset = start
                throw error("not a JSON value")
            }
            return .number(value)
        }
    }
}

/// What was wrong with a JSON text, and where.
public struct JSONError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
