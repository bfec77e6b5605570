import CSystemd

/// Structured entries for the systemd journal (sd_journal_sendv), fields as the journal stores them.
public struct Journal: Sendable {
    public init() {}

    /// Sends one entry; `fields` are journal field names (upper case) and values, MESSAGE among them.
    public func send(_ fields: [(name: String, value: String)]) throws(SystemCallError) {
        let entries = fields.map { Array("\($0.name)=\($0.value)".utf8) }
        let result = entries.withIOVecs { vectors in
            sd_journal_sendv(vectors.baseAddress, Int32(vectors.count))
        }
        guard result >= 0 else { throw SystemCallError("sd_journal_sendv", errno: -result) }
    }
}

extension Array where Element == [UInt8] {
    /// Lends the byte arrays to C as `struct iovec`s, valid for the duration of `body`.
    fileprivate func withIOVecs<R>(_ body: (UnsafeBufferPointer<iovec>) -> R) -> R {
        var vectors: [iovec] = []
        vectors.reserveCapacity(count)
        let copies = map { bytes -> UnsafeMutableRawBufferPointer in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: 1)
            copy.copyBytes(from: bytes)
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        for (copy, bytes) in zip(copies, self) {
            vectors.append(iovec(iov_base: copy.baseAddress, iov_len: bytes.count))
        }
        return vectors.withUnsafeBufferPointer(body)
    }
}
