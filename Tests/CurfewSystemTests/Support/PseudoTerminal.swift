import Foundation
import Glibc

/// A real pseudo-terminal for the notifier to write to: `name` is what logind would report ("pts/N"), and the
/// controlling side reads what arrived, as an ssh server would.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var errno: Int32
        var description: String { "\(call): \(String(cString: strerror(errno)))" }
    }

    let name: String
    private let controller: Int32
    /// Kept open for the test's life, as a shell would, so the terminal stays up between writes.
    private let device: Int32

    init() throws {
        // posix_openpt and friends are hidden from Swift's Glibc; /dev/ptmx and two ioctls are what they do on Linux.
        controller = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        guard controller >= 0 else { throw Failure(call: "open /dev/ptmx", errno: errno) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(controller, Self.setLock, &unlock) == 0, ioctl(controller, Self.getNumber, &number) == 0 else {
            let code = errno
            close(controller)
            throw Failure(call: "ioctl", errno: code)
        }
        let path = "/dev/pts/\(number)"
        device = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard device >= 0 else {
            close(controller)
            throw Failure(call: "open", errno: errno)
        }
        name = String(path.dropFirst("/dev/".count))
        // Raw, so what is read back is byte for byte what was written.
        var settings = termios()
        tcgetattr(device, &settings)
        cfmakeraw(&settings)
        tcsetattr(device, TCSANOW, &settings)
    }

    /// TIOCSPTLCK and TIOCGPTN from <asm-generic/ioctls.h>: function-like macros Swift does not import.
    private static let setLock: UInt = 0x4004_5431
    private static let getNumber: UInt = 0x8004_5430

    deinit {
        close(device)
        close(controller)
    }

    /// What the terminal was sent, read until `count` bytes came or nothing more came for `quiet`.
    func read(atLeast count: Int = 1, quiet: Duration = .milliseconds(300)) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < count {
            var ready = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                quiet.components.seconds * 1000 + quiet.components.attoseconds / 1_000_000_000_000_000
            )
            guard poll(&ready, 1, milliseconds) > 0 else { break }
            let got = Glibc.read(controller, &buffer, buffer.count)
            guard got > 0 else { break }
            received += buffer.prefix(got)
        }
        return received
    }

    /// Writes to the terminal until it takes no more, as output nobody reads fills it.
    func fill() {
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        // The kernel moves output along in the background: full only once several rounds find no room.
        for _ in 0..<5 {
            while chunk.withUnsafeBytes({ write(device, $0.baseAddress, $0.count) }) > 0 {}
            usleep(20_000)
        }
    }

    /// Drops everything the terminal was sent so far.
    func drain() {
        _ = read(atLeast: .max, quiet: .milliseconds(50))
    }
}
