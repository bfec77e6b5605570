/// The body of every non-2xx reply: `{"error": {"code": ..., "message": ...}}`.
public struct ErrorReply: Decodable, Sendable {
    public struct Detail: Decodable, Sendable {
        public var code: String
        public var message: String
    }

    public var error: Detail
}
