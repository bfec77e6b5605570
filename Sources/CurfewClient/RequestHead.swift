/// The request line and headers of one request to curfewd, as bytes on the wire.
public struct RequestHead: Sendable {
    public enum Method: String, Sendable {
        case GET, POST, PATCH, DELETE
    }

    public var method: Method
    /// The path and query, already percent-encoded where it needs to be.
    public var uri: String
    public private(set) var headers: [(name: String, value: String)] = []

    public init(method: Method, uri: String) {
        self.method = method
        self.uri = uri
    }

    /// Adds a header. Names are ours; a value with a line break or NUL (which could start a header or request of its
    /// own) has those characters dropped.
    public mutating func add(_ name: String, _ value: String) {
        headers.append((name, String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" })))
    }

    public func value(of name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var bytes: [UInt8] {
        var text = "\(method.rawValue) \(uri) HTTP/1.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }
}
