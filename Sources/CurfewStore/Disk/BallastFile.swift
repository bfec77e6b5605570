import Foundation
import Glibc

/// The reserve as a file of allocated blocks beside the database (`reserve` in the state directory).
///
/// Why a file and not free pages inside the database: in WAL mode every write first appends to the WAL, and a
/// checkpoint then grows the database file, so SQLite needs new blocks on the file system whatever the database
/// holds inside. A file whose blocks are allocated (`posix_fallocate`) is room that exists only while it is kept:
/// giving back a part of it (`ftruncate`) makes exactly that much room for SQLite's next attempt. It is given back a
/// part at a time, only for firing writes that found the disk full, so the rest stays out of reach of everything
/// else on the file system; and while the disk is full curfewd refuses its own other writes, so what was given back
/// is left for firing.
public final class BallastFile: SpaceReserve {
    public let path: String
    public let capacity: Int64
    /// How much one `release()` gives back.
    let part: Int64
    /// Free space the file system must have beside the whole reserve before it is taken back: the disk is not
    /// called available again at the first free byte.
    let margin: Int64

    public init(path: String, capacity: Int64, part: Int64 = 1 << 20, margin: Int64 = 1 << 20) {
        self.path = path
        self.capacity = capacity
        self.part = min(part, max(capacity, 1))
        self.margin = margin
    }

    public var held: Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }

    public func release() -> Bool {
        let now = held
        guard now > 0 else { return false }
        return truncate(path, off_t(now - min(part, now))) == 0
    }

    /// Takes the reserve back whole; true only when it is whole and the file system has `margin` to spare beside it,
    /// so a disk that filled up without touching the reserve is not called available again while it is still full.
    public func refill() -> Bool {
        let now = held
        if now > capacity {
            // A smaller disk_reserve than last time: the rest goes back to the file system.
            guard truncate(path, off_t(capacity)) == 0 else { return false }
        }
        if capacity == 0 { unlink(path) }
        guard let free = Self.freeBytes(in: (path as NSString).deletingLastPathComponent),
            free >= max(0, capacity - now) + margin
        else { return false }
        guard now < capacity else { return true }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // Allocated blocks, not a sparse file: room that is really taken until it is given back.
        guard posix_fallocate(descriptor, 0, off_t(capacity)) == 0 else {
            _ = ftruncate(descriptor, off_t(now))
            return false
        }
        return fsync(descriptor) == 0
    }

    /// Bytes an unprivileged writer may still use on the file system holding `directory`.
    static func freeBytes(in directory: String) -> Int64? {
        var info = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
