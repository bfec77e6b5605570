/// JSON written by hand where Codable's generic machinery costs more than the work: a login's gate request in
/// curfewctl, and each event's details in a batched enqueue. Only what those need: strings, numbers, booleans,
/// lists of strings and one nested object, in an object whose members are added in order, nil ones left out.
public struct JSONObjectText {
    private var text = "{"
    private var empty = true

    public init() {}

    /// The object, closed.
    public var json: String { text + "}" }

    public mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        open(key)
        Self.appendQuoted(value, to: &text)
    }

    public mutating func add(_ key: String, _ value: Bool?) {
        guard let value else { return }
        member(key, value ? "true" : "false")
    }

    public mutating func add(_ key: String, _ value: (some BinaryInteger)?) {
        guard let value else { return }
        member(key, String(value))
    }

    /// A finite number; JSON has no infinities or NaN, so those are left out.
    public mutating func add(_ key: String, _ value: Double?) {
        guard let value, value.isFinite else { return }
        member(key, value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }

    public mutating func add(_ key: String, _ values: [String]?) {
        guard let values else { return }
        member(key, "[" + values.map(Self.quoted).joined(separator: ",") + "]")
    }

    public mutating func add(_ key: String, object: JSONObjectText?) {
        guard let object else { return }
        member(key, object.json)
    }

    private mutating func member(_ key: String, _ value: String) {
        open(key)
        text.append(value)
    }

    /// Starts a member: the comma before it, then its key and colon, written in place.
    private mutating func open(_ key: String) {
        if !empty { text.append(",") }
        empty = false
        Self.appendQuoted(key, to: &text)
        text.append(":")
    }

    /// `text` as a JSON string, quotes included; quotes, backslashes and control characters escaped, the rest as is.
    /// Text with nothing to escape, nearly all of it, is copied whole.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }

    private static func appendQuoted(_ text: String, to out: inout String) {
        let needsEscape = { (byte: UInt8) in byte < 0x20 || byte == 0x22 || byte == 0x5c || byte == 0x7f }
        guard text.utf8.contains(where: needsEscape) else {
            out.append("\"")
            out.append(text)
            out.append("\"")
            return
        }
        var escaped: [UInt8] = [0x22]
        escaped.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            guard needsEscape(byte) else {
                escaped.append(byte)
                continue
            }
            switch byte {
            case 0x22: escaped += [0x5c, 0x22]
            case 0x5c: escaped += [0x5c, 0x5c]
            case 0x0a: escaped += [0x5c, UInt8(ascii: "n")]
            case 0x0d: escaped += [0x5c, UInt8(ascii: "r")]
            case 0x09: escaped += [0x5c, UInt8(ascii: "t")]
            default:
                let hex = Array("0123456789abcdef".utf8)
                escaped += [0x5c, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            }
        }
        escaped.append(0x22)
        out.append(String(decoding: escaped, as: UTF8.self))
    }
}
