import CurfewCore
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Who is on the other end of a Unix socket, as the kernel says (SO_PEERCRED), and what they may do.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// Asks the kernel about the connection's peer.
    @Sendable public static func of(_ channel: any Channel) async throws -> PeerCredentials {
        guard let provider = channel as? any SocketOptionProvider else {
            throw APIError(.internalServerError, "internal", "cannot identify the caller: not a socket connection")
        }
        // Glibc's `struct ucred` needs _GNU_SOURCE, which Swift's Glibc module lacks; this is its layout.
        let credentials: PeerCredentials = try await provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET),
            name: SocketOptionName(SO_PEERCRED)
        ).get()
        return credentials
    }

    /// The user name for the uid, or the number when it has none.
    var userName: String {
        UserDatabase.name(of: uid) ?? String(uid)
    }

    var caller: Caller { Caller(uid: uid, name: userName, pid: pid) }

    /// Root, or a member of the admin group (as primary or supplementary group).
    func isAdmin(group: String) -> Bool {
        if uid == 0 { return true }
        guard let groupID = UserDatabase.groupID(named: group) else { return false }
        if gid == groupID { return true }
        guard let name = UserDatabase.name(of: uid) else { return false }
        return UserDatabase.groups(of: name, primary: gid).contains(groupID)
    }
}

/// Lookups in the system's user and group databases (NSS), reentrant.
enum UserDatabase {
    static func name(of uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return String(cString: entry.pw_name)
    }

    static func groupID(named name: String) -> UInt32? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.gr_gid
    }

    static func groups(of user: String, primary: UInt32) -> [UInt32] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(user, primary, &groups, &count) != -1 else { return [primary] }
        }
        return Array(groups.prefix(Int(count)))
    }
}
