import CSystemd
import Glibc

/// The API socket systemd passes when curfewd.socket starts the service (sd_listen_fds).
public enum SocketActivation {
    /// A passed socket: its descriptor and the path it listens on.
    public struct Listening: Sendable, Equatable {
        public var descriptor: Int32
        public var path: String
    }

    /// The passed listening socket, or nil when systemd passed none (curfewd then binds the socket itself).
    /// Unsets LISTEN_FDS and LISTEN_PID, so nothing curfewd starts inherits them.
    /// - Throws: when systemd passed something curfewd cannot serve: several sockets, or one that is not a
    ///   listening Unix stream socket.
    public static func listeningSocket() throws(SystemCallError) -> Listening? {
        let count = try sd("sd_listen_fds") { sd_listen_fds(1) }
        guard count > 0 else { return nil }
        guard count == 1 else {
            throw SystemCallError("sd_listen_fds: \(count) sockets passed, curfewd serves exactly one", errno: EINVAL)
        }
        let descriptor = SD_LISTEN_FDS_START
        guard try sd("sd_is_socket_unix", { sd_is_socket_unix(descriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0) }) > 0
        else {
            throw SystemCallError(
                "sd_is_socket_unix: the passed socket is not a listening Unix stream socket",
                errno: EINVAL
            )
        }
        return Listening(descriptor: descriptor, path: path(of: descriptor))
    }

    /// The path a Unix socket is bound to ("" for an unnamed or abstract one).
    static func path(of descriptor: Int32) -> String {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let found = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) == 0 }
        }
        guard found else { return "" }
        return withUnsafeBytes(of: address.sun_path) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
