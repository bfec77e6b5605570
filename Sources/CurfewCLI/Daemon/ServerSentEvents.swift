/// One frame of a Server-Sent Events stream: its fields as sent, `data` lines joined by newlines.
struct ServerSentEvent: Sendable, Equatable {
    var id: String?
    var event: String?
    var data: String
    /// Comment lines (`: ...`) seen since the previous frame.
    var comments: [String] = []
}

/// Reads a `text/event-stream` body as it arrives, in whatever pieces, and hands out complete frames.
struct ServerSentEventParser {
    private var pending: [UInt8] = []
    private var current = ServerSentEvent(data: "")
    private var hasData = false

    /// Takes the next piece of the body; returns the frames it completed, comment-only frames included.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        pending.append(contentsOf: bytes)
        var frames: [ServerSentEvent] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.isEmpty {
                if hasData || !current.comments.isEmpty || current.event != nil { frames.append(current) }
                current = ServerSentEvent(data: "")
                hasData = false
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix(":") {
                current.comments.append(String(text.dropFirst()).trimmingPrefixSpace())
                continue
            }
            let (field, value) = Self.split(text)
            switch field {
            case "id": current.id = value
            case "event": current.event = value
            case "data":
                current.data = hasData ? current.data + "\n" + value : value
                hasData = true
            default: break
            }
        }
        return frames
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingPrefixSpace())
    }
}

extension String {
    /// Without the one space SSE allows after a colon.
    fileprivate func trimmingPrefixSpace() -> String {
        hasPrefix(" ") ? String(dropFirst()) : self
    }
}
