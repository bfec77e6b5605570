import Glibc

/// Writes one message to many terminals without blocking on any of them: each takes what it can at once, then the
/// ones that are full are polled together until one deadline, so a round lasts at most `timeout` however many
/// terminals are stuck.
struct TerminalBroadcast {
    let message: [UInt8]
    let timeout: Duration

    /// What happened on each terminal, in order: nil when it got the whole message.
    func send(to terminals: [TerminalDevice]) -> [TerminalError?] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var failures = [TerminalError?](repeating: nil, count: terminals.count)
        var offsets = [Int](repeating: 0, count: terminals.count)
        var pending = Array(terminals.indices)
        while true {
            pending.removeAll { index in
                do throws(SystemCallError) {
                    offsets[index] = try terminals[index].write(message, from: offsets[index])
                    return offsets[index] == message.count
                } catch {
                    failures[index] = .system(error)
                    return true
                }
            }
            if pending.isEmpty { break }
            let left = clock.now.duration(to: deadline)
            guard left > .zero else {
                for index in pending { failures[index] = .timedOut(written: offsets[index], of: message.count) }
                break
            }
            var polled = pending.map { pollfd(fd: terminals[$0].descriptor, events: Int16(POLLOUT), revents: 0) }
            do throws(SystemCallError) {
                // Computed on each try, so a retry after EINTR still ends at the deadline.
                try posix("poll") {
                    poll(&polled, nfds_t(polled.count), Self.milliseconds(clock.now.duration(to: deadline)))
                }
            } catch {
                for index in pending { failures[index] = .system(error) }
                break
            }
        }
        return failures
    }

    /// Rounded up, so poll never spins with 0 while time is left.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
