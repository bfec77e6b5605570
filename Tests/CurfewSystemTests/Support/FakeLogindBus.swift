import CSystemd
import Foundation
import Glibc
import Synchronization

/// A stand-in for a system bus with logind on it: a Unix socket where an sd-bus server answers `Hello` and logind's
/// `ListSessions`, `GetAll` and `TerminateSession` from a list of sessions, one connection at a time.
final class FakeLogindBus: Sendable {
    /// A value as the fake writes it into a reply.
    indirect enum Value: Sendable {
        case string(String)
        case objectPath(String)
        case uint32(UInt32)
        case uint64(UInt64)
        case bool(Bool)
        case structure([Value])
        case strings([String])

        var signature: String {
            switch self {
            case .string: "s"
            case .objectPath: "o"
            case .uint32: "u"
            case .uint64: "t"
            case .bool: "b"
            case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
            case .strings: "as"
            }
        }
    }

    /// One session object: its `ListSessions` entry and its properties, in the order GetAll gives them.
    struct SessionObject: Sendable {
        var id: String
        var uid: UInt32
        var user: String
        var seat: String
        var properties: [(name: String, value: Value)]

        var path: String { "/org/freedesktop/login1/session/_3\(id)" }
    }

    private struct State {
        var sessions: [SessionObject]
        /// Sessions still listed whose object answers GetAll with this error, as one that just ended.
        var vanished: [String: String] = [:]
        var terminateError: (name: String, message: String)?
        var dropAfterNextReply = false
        var terminated: [String] = []
        var connections = 0
        var stopped = false
    }

    let path: String
    var address: String { "unix:path=\(path)" }
    private let listener: Int32
    private let state: Mutex<State>
    private let finished = DispatchSemaphore(value: 0)

    /// Listens at `path` (a new temporary one if nil) until `stop()`.
    init(sessions: [SessionObject], path: String? = nil) throws {
        self.path = path ?? NSTemporaryDirectory() + "curfew-fake-bus-\(UUID().uuidString.prefix(8))"
        state = Mutex(State(sessions: sessions))
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { buffer in
            buffer.copyBytes(from: self.path.utf8.prefix(buffer.count - 1))
        }
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard listener >= 0, bound == 0, listen(listener, 8) == 0 else {
            let code = errno
            close(listener)
            throw SocketFailure(errno: code)
        }
        Thread { [self] in serve() }.start()
    }

    struct SocketFailure: Error {
        var errno: Int32
    }

    /// Stops answering, closes the socket and removes it, as a bus going down does.
    func stop() {
        let wasStopped = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !wasStopped else { return }
        finished.wait()
        close(listener)
        unlink(path)
    }

    var terminated: [String] { state.withLock { $0.terminated } }
    var connections: Int { state.withLock { $0.connections } }

    /// Keeps listing the session but answers its GetAll with `error`.
    func vanish(_ id: String, answering error: String) {
        state.withLock { $0.vanished[id] = error }
    }

    func failTerminations(name: String, message: String) {
        state.withLock { $0.terminateError = (name, message) }
    }

    /// Closes the client's connection right after answering its next call.
    func dropConnectionAfterNextReply() {
        state.withLock { $0.dropAfterNextReply = true }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func serve() {
        while !isStopped {
            var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 20) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            state.withLock { $0.connections += 1 }
            serve(connection)
        }
        finished.signal()
    }

    private func serve(_ connection: Int32) {
        var created: OpaquePointer?
        must(sd_bus_new(&created), "sd_bus_new")
        let bus = created!
        // Owns the socket from here on: closing the bus closes it.
        defer { sd_bus_flush_close_unref(bus) }
        var id = sd_id128_t()
        must(sd_id128_randomize(&id), "sd_id128_randomize")
        must(sd_bus_set_fd(bus, connection, connection), "sd_bus_set_fd")
        must(sd_bus_set_server(bus, 1, id), "sd_bus_set_server")
        must(sd_bus_start(bus), "sd_bus_start")
        while !isStopped {
            var message: OpaquePointer?
            // Negative once the client is gone: then wait for the next one.
            guard sd_bus_process(bus, &message) >= 0 else { return }
            guard let message else {
                _ = sd_bus_wait(bus, 20_000)
                continue
            }
            defer { sd_bus_message_unref(message) }
            guard sd_bus_message_is_method_call(message, nil, nil) > 0 else { continue }
            answer(message, on: bus)
            let drop = state.withLock { state in
                defer { state.dropAfterNextReply = false }
                return state.dropAfterNextReply
            }
            if drop { return }
        }
    }

    private func answer(_ call: OpaquePointer, on bus: OpaquePointer) {
        let member = String(cString: sd_bus_message_get_member(call))
        let path = String(cString: sd_bus_message_get_path(call))
        switch member {
        case "Hello":
            reply(to: call, on: bus) { append(.string(":1.42"), to: $0) }
        case "ListSessions":
            let sessions = state.withLock { $0.sessions }
            reply(to: call, on: bus) { message in
                container(message, "a", "(susso)") {
                    for session in sessions {
                        let entry: [Value] = [
                            .string(session.id), .uint32(session.uid), .string(session.user), .string(session.seat),
                            .objectPath(session.path),
                        ]
                        append(.structure(entry), to: message)
                    }
                }
            }
        case "GetAll":
            let (session, vanished) = state.withLock { state in
                let session = state.sessions.first { $0.path == path }
                return (session, session.flatMap { state.vanished[$0.id] })
            }
            guard let session, vanished == nil else {
                fail(call, on: bus, vanished ?? "org.freedesktop.DBus.Error.UnknownObject", "Unknown object '\(path)'.")
                return
            }
            reply(to: call, on: bus) { message in
                container(message, "a", "{sv}") {
                    for (name, value) in session.properties {
                        container(message, "e", "sv") {
                            append(.string(name), to: message)
                            container(message, "v", value.signature) { append(value, to: message) }
                        }
                    }
                }
            }
        case "TerminateSession":
            var argument: UnsafePointer<CChar>?
            must(sd_bus_message_read_basic(call, code("s"), &argument), "sd_bus_message_read_basic")
            let id = String(cString: argument!)
            let refusal: (name: String, message: String)? = state.withLock { state in
                if let error = state.terminateError { return error }
                guard let index = state.sessions.firstIndex(where: { $0.id == id }) else {
                    return ("org.freedesktop.login1.NoSuchSession", "No session '\(id)' known")
                }
                state.sessions.remove(at: index)
                state.terminated.append(id)
                return nil
            }
            if let refusal {
                fail(call, on: bus, refusal.name, refusal.message)
            } else {
                reply(to: call, on: bus) { _ in }
            }
        default:
            fail(call, on: bus, "org.freedesktop.DBus.Error.UnknownMethod", "Unknown method \(member)")
        }
    }

    private func reply(to call: OpaquePointer, on bus: OpaquePointer, _ fill: (OpaquePointer) -> Void) {
        var created: OpaquePointer?
        must(sd_bus_message_new_method_return(call, &created), "sd_bus_message_new_method_return")
        fill(created!)
        // The client may be gone already; nothing to answer then.
        _ = sd_bus_send(bus, created, nil)
        sd_bus_message_unref(created)
    }

    private func fail(_ call: OpaquePointer, on bus: OpaquePointer, _ name: String, _ message: String) {
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        // sd_bus_error_set returns the errno the name maps to, negative: not a failure.
        _ = sd_bus_error_set(&error, name, message)
        _ = sd_bus_reply_method_error(call, &error)
    }

    private func container(_ message: OpaquePointer, _ type: Unicode.Scalar, _ contents: String, _ body: () -> Void) {
        must(sd_bus_message_open_container(message, code(type), contents), "sd_bus_message_open_container")
        body()
        must(sd_bus_message_close_container(message), "sd_bus_message_close_container")
    }

    private func append(_ value: Value, to message: OpaquePointer) {
        let call = "sd_bus_message_append_basic"
        switch value {
        case .string(let text): text.withCString { must(sd_bus_message_append_basic(message, code("s"), $0), call) }
        case .objectPath(let text):
            text.withCString { must(sd_bus_message_append_basic(message, code("o"), $0), call) }
        case .uint32(var number): must(sd_bus_message_append_basic(message, code("u"), &number), call)
        case .uint64(var number): must(sd_bus_message_append_basic(message, code("t"), &number), call)
        case .bool(let flag):
            var number: Int32 = flag ? 1 : 0
            must(sd_bus_message_append_basic(message, code("b"), &number), call)
        case .structure(let fields):
            container(message, "r", String(value.signature.dropFirst().dropLast())) {
                for field in fields { append(field, to: message) }
            }
        case .strings(let texts):
            container(message, "a", "s") {
                for text in texts { append(.string(text), to: message) }
            }
        }
    }

    private func code(_ type: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(type.value)) }

    /// The fake's own calls cannot fail unless the test is wrong: stop loudly.
    private func must(_ result: Int32, _ call: String) {
        precondition(result >= 0, "\(call): \(String(cString: strerror(-result)))")
    }
}
