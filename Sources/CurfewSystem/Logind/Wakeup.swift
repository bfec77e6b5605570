import Glibc

/// A pipe that wakes a thread out of `poll`: the session watcher's, to stop it. Both ends closed in `deinit`.
final class Wakeup: Sendable {
    /// The end to poll for reading.
    let descriptor: Int32
    private let writer: Int32

    init() throws(SystemCallError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemCallError("pipe", errno: errno) }
        descriptor = ends[0]
        writer = ends[1]
        for end in ends {
            // Not inherited by what curfewd runs, and a full pipe never blocks the writer.
            guard fcntl(end, F_SETFD, FD_CLOEXEC) == 0, fcntl(end, F_SETFL, O_NONBLOCK) == 0 else {
                throw SystemCallError("fcntl", errno: errno)
            }
        }
    }

    deinit {
        close(descriptor)
        close(writer)
    }

    /// Makes `descriptor` readable for good (nothing reads it); never blocks.
    func signal() {
        var byte: UInt8 = 1
        // EAGAIN means the pipe is full: it is readable already, which is all a signal needs.
        _ = write(writer, &byte, 1)
    }
}
