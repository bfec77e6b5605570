import Glibc

/// A session's terminal, open for writing without blocking, and closed in `deinit`.
final class TerminalDevice {
    let name: TerminalName
    let descriptor: Int32

    private init(name: TerminalName, descriptor: Int32) {
        self.name = name
        self.descriptor = descriptor
    }

    deinit {
        // Nothing to do about a failed close of a descriptor only ever written to; EINTR still closed it on Linux.
        close(descriptor)
    }

    /// Opens the terminal and checks it is a character device owned by `owner`, the session's user, so a file
    /// planted under /dev or a terminal already handed to someone else is never written to.
    static func open(_ name: TerminalName, owner: UInt32) throws(TerminalError) -> TerminalDevice {
        // O_NOCTTY: the daemon must never acquire a user's terminal; O_NOFOLLOW: terminals are not symlinks.
        let flags = O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try posix("open") { Glibc.open(name.path, flags) }
        } catch {
            throw .system(error)
        }
        let device = TerminalDevice(name: name, descriptor: descriptor)
        var status = stat()
        do throws(SystemCallError) {
            try posix("fstat") { fstat(descriptor, &status) }
        } catch {
            throw .system(error)
        }
        guard status.st_mode & S_IFMT == S_IFCHR else { throw .notCharacterDevice }
        guard status.st_uid == owner else { throw .ownedByOther(uid: status.st_uid) }
        return device
    }

    /// Writes as much of `bytes[offset...]` as the terminal takes now; returns the offset reached, the same one
    /// when the terminal is full (EAGAIN).
    func write(_ bytes: [UInt8], from offset: Int) throws(SystemCallError) -> Int {
        var offset = offset
        while offset < bytes.count {
            let written: Int
            do throws(SystemCallError) {
                written = try posix("write") {
                    bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                }
            } catch {
                guard error.errno == EAGAIN || error.errno == EWOULDBLOCK else { throw error }
                return offset
            }
            offset += written
        }
        return offset
    }
}
