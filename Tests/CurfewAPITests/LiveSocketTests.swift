import CurfewAPI
import CurfewCore
import Foundation
import Hummingbird
import Logging
import Prometheus
import Testing

/// The API on a real Unix socket, called by real local users: the kernel's SO_PEERCRED decides who is who.
/// Needs root (to create the test users and groups); CI runs as root.
@Suite(.enabled(if: getuid() == 0, "creates local users; run as root"), .serialized)
struct LiveSocketTests {
    static let socketGroup = "curfewtest-sock"
    static let adminGroup = "curfewtest-admin"
    /// In both groups: an admin.
    static let admin = "curfewtest-admin1"
    /// Can reach the socket, is no admin.
    static let user = "curfewtest-user1"
    /// In neither group.
    static let outsider = "curfewtest-out1"

    @Test func callersAreTheUsersTheKernelSaysAndTheSocketKeepsOutsidersOut() async throws {
        try LocalAccounts.ensure(
            groups: [Self.socketGroup, Self.adminGroup],
            users: [
                Self.admin: [Self.socketGroup, Self.adminGroup], Self.user: [Self.socketGroup], Self.outsider: [],
            ]
        )
        let h = try await APIHarness(sessions: [])
        defer { h.cleanUp() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "curfew-live-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(
            at: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        var env = h.env
        var config = env.config
        config.socketPath = directory.appendingPathComponent("curfewd.sock").path
        config.adminGroup = Self.adminGroup
        config.socketGroup = Self.socketGroup
        env.settings = LiveConfiguration(config)

        let server = try await env.serveOnSocket()
        defer { server.cancel() }

        let attributes = try FileManager.default.attributesOfItem(atPath: env.config.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        #expect((attributes[.groupOwnerAccountName] as? String) == Self.socketGroup)

        #expect(try await Curl.get("/v1/status", socket: env.config.socketPath, as: nil).status == 200)
        #expect(try await Curl.get("/v1/status", socket: env.config.socketPath, as: Self.admin).status == 200)

        let refused = try await Curl.get("/v1/status", socket: env.config.socketPath, as: Self.user)
        #expect(refused.status == 403)
        #expect(refused.body.contains(#""code":"forbidden""#))
        let me = try await Curl.get("/v1/me", socket: env.config.socketPath, as: Self.user)
        #expect(me.status == 200)
        #expect(me.body.contains(#""user":"\#(Self.user)""#))

        let outsider = try await Curl.get("/v1/me", socket: env.config.socketPath, as: Self.outsider)
        #expect(outsider.status == 0)  // connect(2) refused by the socket's mode: no HTTP at all

        let denied = try h.store.auditEntries(actions: [.denied])
        #expect(denied.map(\.actor.name) == [Self.user])
        #expect(denied.first?.actor.pid ?? 0 > 0)
    }
}

/// curl over the socket, optionally as another user (setpriv drops to that user's uid, gid and groups).
enum Curl {
    struct Reply {
        var status: Int
        var body: String
        /// The response's Date header; empty without one.
        var date: String
    }

    /// Waits on a thread of its own: a test blocking the few threads of Swift's pool while curl waits on the server,
    /// which answers on that same pool, would deadlock once two such tests run at once.
    static func get(_ path: String, socket: String, as user: String?, headers: [String] = []) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try getBlocking(path, socket: socket, as: user, headers: headers) })
            }
        }
    }

    private static func getBlocking(_ path: String, socket: String, as user: String?, headers: [String]) throws -> Reply
    {
        let curl =
            ["curl", "-s", "-o", "-", "-w", "\n%{http_code}\n%header{date}", "--unix-socket", socket]
            + headers.flatMap { ["-H", $0] } + ["http://curfew\(path)"]
        let arguments =
            user.map { ["setpriv", "--reuid=\($0)", "--regid=\($0)", "--init-groups", "--"] + curl } ?? curl
        let output = try Command.run(arguments)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { return Reply(status: -1, body: output, date: "") }
        return Reply(
            status: Int(lines[lines.count - 2]) ?? -1,
            body: lines.dropLast(2).joined(separator: "\n"),
            date: String(lines[lines.count - 1])
        )
    }
}

/// Creates the test's local groups and users once; running again changes nothing.
enum LocalAccounts {
    static func ensure(groups: [String], users: [String: [String]]) throws {
        for group in groups where getgrnam(group) == nil {
            _ = try Command.run(["groupadd", "--system", group])
        }
        for (user, memberOf) in users where getpwnam(user) == nil {
            var arguments = ["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin"]
            if !memberOf.isEmpty { arguments += ["--groups", memberOf.joined(separator: ",")] }
            _ = try Command.run(arguments + [user])
        }
    }
}

enum Command {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program (found on PATH), returning what it printed; a failure to start is an error, an exit status
    /// is left to the caller to judge from the output.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
