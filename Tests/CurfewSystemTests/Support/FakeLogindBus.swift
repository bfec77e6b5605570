import CSystemd
import Foundation
import Glibc
import Synchronization

/// A stand-in for a system bus with logind on it: a Unix socket where an sd-bus server answers `Hello`, `AddMatch` and
/// logind's `ListSessions`, `GetAll` and `TerminateSession` from a list of sessions, each connection on a thread of its
/// own. It sends logind's `SessionNew` and `SessionRemoved` and the bus's `NameOwnerChanged` to every connection (it
/// does not filter by match rules), and logind can leave the bus and come back.
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
        /// `a{sv}`, as PropertiesChanged carries.
        case properties([(name: String, value: Value)])

        var signature: String {
            switch self {
            case .string: "s"
            case .objectPath: "o"
            case .uint32: "u"
            case .uint64: "t"
            case .bool: "b"
            case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
            case .strings: "as"
            case .properties: "a{sv}"
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

    /// A signal as the fake sends it to every connection.
    private struct Signal {
        var sender: String
        var path: String
        var interface: String
        var member: String
        var arguments: [Value]
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
        /// Signals not yet sent, by connection.
        var outboxes: [Int: [Signal]] = [:]
        /// Calls received, by member.
        var calls: [String: Int] = [:]
        /// logind's unique name on the bus; nil while it is away, and its methods fail as an unowned name's do.
        var logindOwner: String? = ":1.1"
    }

    let path: String
    var address: String { "unix:path=\(path)" }
    private let listener: Int32
    private let state: Mutex<State>
    private let finished = DispatchSemaphore(value: 0)
    /// Every connection's thread has its place in the group until its connection closes.
    private let connectionsDone = DispatchGroup()

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
        connectionsDone.wait()
        close(listener)
        unlink(path)
    }

    var terminated: [String] { state.withLock { $0.terminated } }
    var connections: Int { state.withLock { $0.connections } }

    /// How many calls of `member` (e.g. `ListSessions`) it answered or refused.
    func calls(to member: String) -> Int { state.withLock { $0.calls[member] ?? 0 } }

    /// A new session: listed from now on, and announced with `SessionNew`.
    func open(_ session: SessionObject) {
        state.withLock { state in
            state.sessions.append(session)
            broadcast(&state, logind(member: "SessionNew", [.string(session.id), .objectPath(session.path)]))
        }
    }

    /// A session that ended behind curfew's back: gone from the list, announced with `SessionRemoved`.
    func logout(_ id: String) {
        state.withLock { state in
            guard let index = state.sessions.firstIndex(where: { $0.id == id }) else { return }
            let session = state.sessions.remove(at: index)
            broadcast(&state, logind(member: "SessionRemoved", [.string(session.id), .objectPath(session.path)]))
        }
    }

    /// Changes a property of a session and, if `announcing`, says so with `PropertiesChanged` on the session's object,
    /// as logind does for its idle hint (and does not for `State`).
    func change(_ id: String, _ name: String, to value: Value, announcing: Bool = true) {
        state.withLock { state in
            guard let index = state.sessions.firstIndex(where: { $0.id == id }) else { return }
            state.sessions[index].properties.removeAll { $0.name == name }
            state.sessions[index].properties.append((name, value))
            guard announcing else { return }
            let signal = Signal(
                sender: state.logindOwner ?? ":1.1",
                path: state.sessions[index].path,
                interface: "org.freedesktop.DBus.Properties",
                member: "PropertiesChanged",
                arguments: [.string("org.freedesktop.login1.Session"), .properties([(name, value)]), .strings([])]
            )
            broadcast(&state, signal)
        }
    }

    /// logind leaves the bus (stopped, or crashed): `NameOwnerChanged` says so, and its methods fail until it returns.
    func logindLeaves() {
        state.withLock { state in
            guard let owner = state.logindOwner else { return }
            state.logindOwner = nil
            broadcast(&state, Self.nameOwnerChanged(from: owner, to: ""))
        }
    }

    /// logind is back under a new unique name, with the sessions it had (and any given here).
    func logindReturns(with sessions: [SessionObject]? = nil) {
        state.withLock { state in
            guard state.logindOwner == nil else { return }
            state.logindOwner = ":1.\(100 + state.connections)"
            if let sessions { state.sessions = sessions }
            broadcast(&state, Self.nameOwnerChanged(from: "", to: state.logindOwner!))
        }
    }

    private func logind(member: String, _ arguments: [Value]) -> Signal {
        Signal(
            sender: ":1.1",
            path: "/org/freedesktop/login1",
            interface: "org.freedesktop.login1.Manager",
            member: member,
            arguments: arguments
        )
    }

    private static func nameOwnerChanged(from old: String, to new: String) -> Signal {
        Signal(
            sender: "org.freedesktop.DBus",
            path: "/org/freedesktop/DBus",
            interface: "org.freedesktop.DBus",
            member: "NameOwnerChanged",
            arguments: [.string("org.freedesktop.login1"), .string(old), .string(new)]
        )
    }

    private func broadcast(_ state: inout State, _ signal: Signal) {
        for connection in state.outboxes.keys {
            state.outboxes[connection]?.append(signal)
        }
    }

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
            let number = state.withLock { state in
                state.connections += 1
                state.outboxes[state.connections] = []
                return state.connections
            }
            connectionsDone.enter()
            Thread { [self] in
                serve(connection, number: number)
                state.withLock { _ = $0.outboxes.removeValue(forKey: number) }
                connectionsDone.leave()
            }
            .start()
        }
        finished.signal()
    }

    private func serve(_ connection: Int32, number: Int) {
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
                let signals = state.withLock { state in
                    defer { state.outboxes[number] = [] }
                    return state.outboxes[number] ?? []
                }
                for signal in signals { send(signal, on: bus) }
                if signals.isEmpty { _ = sd_bus_wait(bus, 20_000) }
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
        let destination = sd_bus_message_get_destination(call).map { String(cString: $0) }
        let logindAway = state.withLock { state in
            state.calls[member, default: 0] += 1
            return state.logindOwner == nil
        }
        if logindAway, destination == "org.freedesktop.login1" {
            fail(call, on: bus, "org.freedesktop.DBus.Error.ServiceUnknown", "The name is not activatable")
            return
        }
        switch member {
        case "Hello":
            reply(to: call, on: bus) { append(.string(":1.42"), to: $0) }
        case "AddMatch", "RemoveMatch":
            reply(to: call, on: bus) { _ in }
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
            reply(to: call, on: bus) { append(.properties(session.properties), to: $0) }
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

    private func send(_ signal: Signal, on bus: OpaquePointer) {
        var created: OpaquePointer?
        must(
            sd_bus_message_new_signal(bus, &created, signal.path, signal.interface, signal.member),
            "sd_bus_message_new_signal"
        )
        // A bus daemon sets the sender; the client's match on `sender=` needs it.
        must(sd_bus_message_set_sender(created, signal.sender), "sd_bus_message_set_sender")
        for argument in signal.arguments { append(argument, to: created!) }
        _ = sd_bus_send(bus, created, nil)
        sd_bus_message_unref(created)
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
        case .properties(let properties):
            container(message, "a", "{sv}") {
                for (name, value) in properties {
                    container(message, "e", "sv") {
                        append(.string(name), to: message)
                        container(message, "v", value.signature) { append(value, to: message) }
                    }
                }
            }
        }
    }

    private func code(_ type: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(type.value)) }

    /// The fake's own calls cannot fail unless the test is wrong: stop loudly.
    private func must(_ result: Int32, _ call: String) {
        precondition(result >= 0, "\(call): \(String(cString: strerror(-result)))")
    }
}
