import CurfewAPI
import Foundation
import Glibc
import Logging
import Testing

/// Socket activation's half in curfewd: serving a listening socket it did not bind, without touching its mode.
@Suite struct InheritedSocketTests {
    @Test func anInheritedSocketIsServedAndKeepsTheModeItsUnitGaveIt() async throws {
        let h = try await APIHarness(sessions: [])
        defer { h.cleanUp() }
        let path = h.directory.appendingPathComponent("activated.sock").path
        let descriptor = try Self.listeningSocket(at: path, mode: 0o600)

        let (listening, ready) = AsyncStream.makeStream(of: Void.self)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let app = try APIServer.service(h.env, socket: .inherited(descriptor: descriptor), logger: logger) { failure in
            #expect(failure.map { "\($0)" } == nil)
            ready.yield()
        }
        let server = Task { try await app.run() }
        defer { server.cancel() }
        for await _ in listening { break }

        let before = Date()
        let reply = try await Curl.get("/v1/me", socket: path, as: nil)
        #expect(reply.status == 200)
        let sent = try #require(Self.httpDate.date(from: reply.date), "Date header '\(reply.date)'")
        #expect(sent.timeIntervalSince(before) > -1 && sent.timeIntervalSinceNow < 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// RFC 9110's IMF-fixdate, the one form a server may send.
    static let httpDate = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    /// What systemd does for curfewd.socket: socket, bind, chmod, listen.
    static func listeningSocket(at path: String, mode: mode_t) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        try #require(chmod(path, mode) == 0)
        try #require(listen(descriptor, 16) == 0)
        return descriptor
    }
}
