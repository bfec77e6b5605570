import CurfewSystem
import Foundation
import Glibc
import Testing

/// sd_notify to a datagram socket standing in for systemd's NOTIFY_SOCKET: the exact messages systemd reads.
@Suite(.serialized) struct ServiceNotifierTests {
    @Test func eachStateIsSentAsSystemdReadsIt() throws {
        let socket = try NotifySocket()
        defer { socket.close() }
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        let notifier = ServiceNotifier()

        try notifier.ready(status: "2 pending\nsecond line")
        #expect(socket.receive() == "READY=1\nSTATUS=2 pending second line")
        try notifier.watchdog()
        #expect(socket.receive() == "WATCHDOG=1")
        try notifier.extendTimeout(by: 10, status: "recovering")
        #expect(socket.receive() == "EXTEND_TIMEOUT_USEC=10000000\nSTATUS=recovering")
        try notifier.stopping()
        #expect(socket.receive() == "STOPPING=1")

        try notifier.reloading(status: "reloading")
        let lines = socket.receive().split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        #expect(lines.last == "STATUS=reloading")
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let sent = try #require(lines.dropFirst().first.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(sent <= UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000)
        #expect(sent > 0)
    }

    @Test func theWatchdogIntervalIsWhatSystemdPassed() throws {
        setenv("WATCHDOG_USEC", "4000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        defer {
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        #expect(try ServiceNotifier.watchdogInterval() == .seconds(4))
        setenv("WATCHDOG_PID", "1", 1)  // meant for another process
        #expect(try ServiceNotifier.watchdogInterval() == nil)
    }
}

/// A bound Unix datagram socket in a temporary folder.
private struct NotifySocket {
    let descriptor: Int32
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func receive() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }
}
