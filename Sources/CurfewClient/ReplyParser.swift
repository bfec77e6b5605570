/// One part of curfewd's reply, in the order it arrives.
public enum DaemonReplyPart: Equatable, Sendable {
    /// The status line was read (and the headers after it).
    case head(status: Int)
    /// Bytes of the body, with any chunked framing removed.
    case body([UInt8])
    case end
}

/// Reads an HTTP/1.1 reply from the bytes of one connection, as they come: the status line and headers, then a body
/// framed by `Content-Length`, by `Transfer-Encoding: chunked`, or by the end of the connection (RFC 9112 section 6).
/// Interim replies (1xx) are skipped. Only what curfewd's server sends to a client that asked `Connection: close` is
/// accepted; anything else is an error that says what was wrong, never a guess.
///
/// curfewctl runs once per command and per login (PAM), so its reply is read here with no event loop and no codec
/// objects to set up: swift-nio's `EmbeddedChannel` and HTTP handlers were over half the client's CPU in a call.
public struct ReplyParser {
    /// The longest status line plus headers taken; curfewd's are a few hundred bytes.
    public static let largestHead = 64 << 10

    private enum State {
        case head
        case sized(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    private var state = State.head
    private var pending: [UInt8] = []
    /// How far into `pending` the end of the head has been looked for, so a head that comes in many pieces is
    /// searched once, not once per piece.
    private var scanned = 0

    public init() {}

    public var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// The parts that `bytes` completes.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(ReplyParseError) -> [DaemonReplyPart] {
        pending.append(contentsOf: bytes)
        var parts: [DaemonReplyPart] = []
        var offset = 0
        defer {
            pending.removeFirst(offset)
            scanned = max(0, scanned - offset)
        }
        while offset < pending.count {
            switch state {
            case .done:
                throw ReplyParseError("\(pending.count - offset) bytes after the end of the reply")
            case .head:
                guard let end = Self.find([13, 10, 13, 10], in: pending, from: max(offset, scanned)) else {
                    scanned = max(offset, pending.count - 3)
                    guard pending.count - offset <= Self.largestHead else {
                        throw ReplyParseError("the status line and headers are longer than \(Self.largestHead) bytes")
                    }
                    return parts
                }
                let head = try Head(pending[offset..<end])
                offset = end + 4
                scanned = offset
                if (100..<200).contains(head.status) { continue }
                parts.append(.head(status: head.status))
                state = head.bodyState
                if case .sized(0) = state {
                    state = .done
                    parts.append(.end)
                }
            case .sized(let remaining), .chunkData(let remaining):
                let count = min(remaining, pending.count - offset)
                parts.append(.body(Array(pending[offset..<offset + count])))
                offset += count
                if case .sized = state {
                    state = count == remaining ? .done : .sized(remaining: remaining - count)
                    if case .done = state { parts.append(.end) }
                } else {
                    state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
                }
            case .chunkSize:
                guard let line = try line(from: &offset) else { return parts }
                let size = try Self.chunkSize(line)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkDataEnd:
                guard pending.count - offset >= 2 else { return parts }
                guard pending[offset] == 13, pending[offset + 1] == 10 else {
                    throw ReplyParseError("a chunk of the body is longer than its size says")
                }
                offset += 2
                state = .chunkSize
            case .trailers:
                guard let line = try line(from: &offset) else { return parts }
                if line.isEmpty {
                    state = .done
                    parts.append(.end)
                }
            case .untilClose:
                parts.append(.body(Array(pending[offset...])))
                offset = pending.count
            }
        }
        return parts
    }

    /// The connection was closed: the end of a reply framed by it, or a reply cut short.
    public mutating func finish() throws(ReplyParseError) -> [DaemonReplyPart] {
        switch state {
        case .done: return []
        case .untilClose:
            state = .done
            return [.end]
        case .head where pending.isEmpty:
            throw ReplyParseError("the connection was closed before a reply")
        default:
            throw ReplyParseError("the connection was closed in the middle of the reply")
        }
    }

    /// The next CRLF-ended line at `offset`, without its end; nil until it is all there.
    private func line(from offset: inout Int) throws(ReplyParseError) -> ArraySlice<UInt8>? {
        guard let end = Self.find([13, 10], in: pending, from: offset) else {
            guard pending.count - offset <= 4096 else { throw ReplyParseError("a chunk line is over 4096 bytes") }
            return nil
        }
        defer { offset = end + 2 }
        return pending[offset..<end]
    }

    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(ReplyParseError) -> Int {
        // Chunk extensions (";name=value") carry nothing curfewctl uses.
        let digits = line.prefix { $0 != UInt8(ascii: ";") }.filter { $0 != UInt8(ascii: " ") && $0 != 9 }
        guard !digits.isEmpty, digits.count <= 15, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16),
            size >= 0
        else {
            throw ReplyParseError("'\(String(decoding: line.prefix(40), as: UTF8.self))' is not a chunk size")
        }
        return size
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count - start >= needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A status line and its headers.
    private struct Head {
        var status: Int
        var bodyState: State

        init(_ bytes: ArraySlice<UInt8>) throws(ReplyParseError) {
            let lines = String(decoding: bytes, as: UTF8.self).split(
                separator: "\r\n",
                omittingEmptySubsequences: false
            )
            let statusLine = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1" || statusLine[0] == "HTTP/1.0",
                statusLine[1].count == 3, let status = Int(statusLine[1]), (100...599).contains(status)
            else {
                throw ReplyParseError("'\(lines[0].prefix(60))' is not an HTTP/1.1 status line")
            }
            var length: Int?
            var chunked = false
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else {
                    throw ReplyParseError("'\(line.prefix(60))' is not a header line")
                }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingASCIISpaces()
                switch name {
                case "content-length":
                    guard let number = Int(value), number >= 0, length == nil || length == number else {
                        throw ReplyParseError("Content-Length '\(value.prefix(30))' is not one byte count")
                    }
                    length = number
                case "transfer-encoding":
                    guard value.lowercased() == "chunked" else {
                        throw ReplyParseError("Transfer-Encoding '\(value.prefix(30))' is not chunked")
                    }
                    chunked = true
                default:
                    continue
                }
            }
            self.status = status
            if status == 204 || status == 304 || (100..<200).contains(status) {
                bodyState = .sized(remaining: 0)
            } else if chunked {
                bodyState = .chunkSize
            } else if let length {
                bodyState = .sized(remaining: length)
            } else {
                bodyState = .untilClose
            }
        }
    }
}

/// What was wrong with the bytes curfewd sent.
public struct ReplyParseError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
