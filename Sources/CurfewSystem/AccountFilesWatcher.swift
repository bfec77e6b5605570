import Dispatch
import Foundation
import Glibc
import Logging
import Synchronization

/// Tells when the user database in /etc changes: inotify on the directory, since the shadow tools (usermod, chage,
/// userdel, passwd) write a new file and rename it over the old one. Changes in quick succession are told once.
public final class AccountFilesWatcher {
    static let files: Set<String> = ["passwd", "shadow", "group", "gshadow"]

    private let descriptor: Int32
    private let source: any DispatchSourceRead

    /// - Parameter onChange: runs on a private queue after a change, at most once per 100 ms.
    public init(
        directory: String = "/etc",
        logger: Logger,
        onChange: @escaping @Sendable () -> Void
    ) throws(SystemCallError) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError("inotify_init1", errno: errno) }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE)
        guard inotify_add_watch(descriptor, directory, mask) >= 0 else {
            let error = SystemCallError("inotify_add_watch \(directory)", errno: errno)
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        let queue = DispatchQueue(label: "curfew.accounts")
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        let pending = PendingFlag()
        source.setEventHandler {
            guard Self.drain(descriptor) else { return }
            // shadow tools touch several files in a row; one look at the end is enough.
            guard pending.raise() else { return }
            queue.asyncAfter(deadline: .now() + 0.1) {
                pending.lower()
                onChange()
            }
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        logger.debug("watching \(directory) for changes to \(Self.files.sorted().joined(separator: ", "))")
    }

    deinit {
        source.cancel()
    }

    /// Reads every queued event; true when one concerns the user database.
    private static func drain(_ descriptor: Int32) -> Bool {
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (length, name) = buffer.withUnsafeBytes { raw -> (Int, String) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let bytes = raw[start..<min(start + Int(event.len), count)].prefix { $0 != 0 }
                    return (Int(event.len), String(decoding: bytes, as: UTF8.self))
                }
                if files.contains(name) { relevant = true }
                offset += MemoryLayout<inotify_event>.size + length
            }
        }
        return relevant
    }
}

/// Whether a coalesced notification is already on its way.
private final class PendingFlag: Sendable {
    private let flag = Mutex(false)

    /// Raises it; false when it was raised already.
    func raise() -> Bool {
        flag.withLock { raised in
            defer { raised = true }
            return !raised
        }
    }

    func lower() { flag.withLock { $0 = false } }
}
