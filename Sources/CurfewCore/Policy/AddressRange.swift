#if canImport(Glibc)
import Glibc
#endif

/// An address or a CIDR range of IPv4 or IPv6 addresses: 192.0.2.7, 10.0.0.0/8, 2001:db8::/32.
public struct AddressRange: Sendable, Equatable {
    /// The network's bytes (4 or 16) and how many leading bits must match.
    let network: [UInt8]
    let prefix: Int
    /// As the admin wrote it.
    public let text: String

    public init(parsing text: String) throws(InputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let accepted = "an IPv4 or IPv6 address or CIDR range such as 192.0.2.7, 10.0.0.0/8 or 2001:db8::/32"
        guard (1...2).contains(parts.count), let bytes = Self.bytes(String(parts[0])) else {
            throw InputError("'\(text)' is not \(accepted)")
        }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...bytes.count * 8).contains(value), !parts[1].hasPrefix("+") else {
                throw InputError("'\(text)' is not \(accepted): the prefix length must be 0 to \(bytes.count * 8)")
            }
            prefix = value
        }
        guard Self.masked(bytes, prefix) == bytes else {
            throw InputError(
                "'\(text)' has host bits set after /\(prefix); write the network, e.g. \(Self.text(Self.masked(bytes, prefix)))/\(prefix)"
            )
        }
        self.network = bytes
        self.prefix = prefix
        self.text = text
    }

    /// Whether a session's remote host (an address as logind reports it) lies in the range; names never match.
    public func contains(_ host: String) -> Bool {
        guard var bytes = Self.bytes(host) else { return false }
        // An IPv4-mapped IPv6 address (::ffff:192.0.2.7) is the IPv4 address.
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff,
            bytes[11] == 0xff
        {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return Self.masked(bytes, prefix) == network
    }

    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bits = max(0, min(8, prefix - index * 8))
            return bits == 8 ? byte : byte & ~(UInt8(0xff) >> bits)
        }
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        _ = inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, &copy, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
