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
        member(key, Self.quoted(value))
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
        if !empty { text += "," }
        empty = false
        text += Self.quoted(key) + ":" + value
    }

    /// `text` as a JSON string, quotes included; quotes, backslashes and control characters escaped, the rest as is.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
