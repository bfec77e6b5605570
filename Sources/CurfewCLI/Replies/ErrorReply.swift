/// The body of every non-2xx reply: `{"error": {"code": ..., "message": ...}}`.
struct ErrorReply: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var code: String
        var message: String
    }

    var error: Detail
}
