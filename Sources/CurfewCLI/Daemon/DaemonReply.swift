import CurfewClient
import CurfewCore
import Foundation

/// A reply from curfewd: its status and body as they came.
struct DaemonReply: Sendable {
    var status: Int
    var body: Data

    /// The body as text, for --json.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Reads the body as `type`; a reply curfewctl cannot read is a failure, not a crash.
    func decode<Reply: Decodable>(_ type: Reply.Type) throws -> Reply {
        do {
            return try APIJSON.decoder.decode(type, from: body)
        } catch {
            throw CommandFailure("curfewd's reply could not be read (\(error)); --json shows it as it came")
        }
    }

    /// What a non-2xx reply says, as curfewd worded it; its text came from elsewhere, so it is made safe to print.
    var failure: CommandFailure {
        if let reply = try? APIJSON.decoder.decode(ErrorReply.self, from: body) {
            return CommandFailure(TerminalText.sanitize(reply.error.message))
        }
        return CommandFailure("curfewd answered HTTP \(status) without saying why")
    }
}
