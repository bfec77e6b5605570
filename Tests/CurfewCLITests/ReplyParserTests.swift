import CurfewClient
import Testing

/// curfewctl reads curfewd's replies by hand (`ReplyParser`): every framing a server may use, in pieces of any size,
/// and a clear error for what is not a reply.
@Suite struct ReplyParserTests {
    /// The parts of `reply` fed in pieces of `size` bytes, then the end of the connection; bodies joined.
    static func parse(
        _ reply: String,
        pieces size: Int
    ) throws(ReplyParseError) -> (status: Int?, body: String, ended: Bool) {
        var parser = ReplyParser()
        var parts: [DaemonReplyPart] = []
        let bytes = Array(reply.utf8)
        var start = 0
        while start < bytes.count {
            parts += try parser.feed(bytes[start..<min(start + size, bytes.count)])
            start += size
        }
        if !parser.isComplete { parts += try parser.finish() }
        var status: Int?
        var body: [UInt8] = []
        var ended = false
        for part in parts {
            switch part {
            case .head(let code): status = code
            case .body(let bytes): body += bytes
            case .end: ended = true
            }
        }
        return (status, String(decoding: body, as: UTF8.self), ended)
    }

    static let framings = [
        ("HTTP/1.1 201 Created\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{\"id\": 42}\n", "sized"),
        (
            "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"id\r\n7;ext=1\r\n\": 42}\n\r\n0\r\nX-Trailer: 1\r\n\r\n",
            "chunked"
        ),
        ("HTTP/1.1 201 Created\r\nconnection: close\r\n\r\n{\"id\": 42}\n", "until close"),
        (
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length:11\r\n\r\n{\"id\": 42}\n",
            "after an interim reply"
        ),
    ]

    @Test(arguments: framings, [1, 2, 7, 4096])
    func everyFramingGivesTheStatusAndTheWholeBody(_ framing: (String, String), size: Int) throws {
        let parsed = try Self.parse(framing.0, pieces: size)
        #expect(parsed.status == 201, "\(framing.1)")
        #expect(parsed.body == "{\"id\": 42}\n", "\(framing.1)")
        #expect(parsed.ended, "\(framing.1)")
    }

    @Test func aReplyWithNoBodyEndsAtItsHead() throws {
        var parser = ReplyParser()
        let parts = try parser.feed(Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
        #expect(parts == [.head(status: 204), .end])
        #expect(parser.isComplete)
    }

    @Test func aReplyCutShortIsAnErrorNotABody() throws {
        var parser = ReplyParser()
        _ = try parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a\"".utf8))
        #expect(throws: ReplyParseError.self) { try parser.finish() }

        var chunked = ReplyParser()
        _ = try chunked.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab".utf8))
        #expect(throws: ReplyParseError.self) { try chunked.finish() }

        var empty = ReplyParser()
        #expect(throws: ReplyParseError("the connection was closed before a reply")) { try empty.finish() }
    }

    @Test(arguments: [
        ("SSH-2.0-OpenSSH_9.2\r\n\r\n", "is not an HTTP/1.1 status line"),
        ("HTTP/1.1 2000 Odd\r\n\r\n", "is not an HTTP/1.1 status line"),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "is not a header line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "is not one byte count"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "is not one byte count"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "is not chunked"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "longer than its size says"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabc", "after the end of the reply"),
    ])
    func whatIsNotAReplyIsRefusedWithWhatWasWrong(_ reply: String, _ expected: String) {
        var parser = ReplyParser()
        do {
            _ = try parser.feed(Array(reply.utf8))
            Issue.record("'\(reply)' was taken")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func anEndlessHeadIsRefused() {
        var parser = ReplyParser()
        let endless = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Filler: 0123456789\r\n", count: 4000)
        #expect(throws: ReplyParseError("the status line and headers are longer than 65536 bytes")) {
            _ = try parser.feed(Array(endless.utf8))
        }
    }

    @Test func theRequestHeadIsOneLinePerHeaderWhateverTheValues() {
        var head = DaemonConnection.head(.POST, "/v1/terminations", bodyLength: 12, idempotencyKey: "k\r\nX-Evil: 1")
        head.add("X-Other", "a\nb\0c")
        let text = String(decoding: head.bytes, as: UTF8.self)
        #expect(text.hasPrefix("POST /v1/terminations HTTP/1.1\r\nHost: curfew\r\n"))
        #expect(text.contains("Content-Length: 12\r\n"))
        #expect(text.contains("Idempotency-Key: kX-Evil: 1\r\n"))
        #expect(text.contains("X-Other: abc\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(head.value(of: "connection") == "close")
    }
}
