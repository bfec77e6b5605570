import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the user database says about an account, as far as policies care.
public struct AccountStanding: Sendable, Equatable {
    /// Gone from the user database.
    public var deleted: Bool
    /// The password field starts with `!` (usermod -L, passwd -l).
    public var locked: Bool
    /// shadow's account expiry date (chage -E), as the instant the account stops working.
    public var expiresAt: Date?

    public init(deleted: Bool = false, locked: Bool = false, expiresAt: Date? = nil) {
        self.deleted = deleted
        self.locked = locked
        self.expiresAt = expiresAt
    }
}

/// The user and group database: NSS in production (files, sssd, LDAP), a table in tests.
public protocol UserDirectory: Sendable {
    /// The names of every group the user is in, the primary group and supplementary ones.
    func groups(of user: String, uid: UInt32) -> Set<String>
    func groupExists(_ name: String) -> Bool
    func standing(of user: String, uid: UInt32) -> AccountStanding
}

extension UserDirectory {
    /// A session's user's groups, asked of the directory once per user: for one pass over many sessions.
    public func groupLookup() -> (Session) -> Set<String> {
        var known: [UInt32: Set<String>] = [:]
        return { session in
            if let groups = known[session.uid] { return groups }
            let groups = self.groups(of: session.user, uid: session.uid)
            known[session.uid] = groups
            return groups
        }
    }
}

/// A user's shadow entry: the password field and the expiry day (days since 1970, -1 for none).
public struct ShadowEntry: Sendable, Equatable {
    public var password: String
    public var expiryDay: Int

    public init(password: String, expiryDay: Int) {
        self.password = password
        self.expiryDay = expiryDay
    }
}

/// The system's user database through NSS (getpwnam_r, getgrouplist; shadow through `shadow`, getspnam_r in
/// curfewd, which Glibc's module map leaves out).
public struct SystemUserDirectory: UserDirectory {
    let shadow: @Sendable (String) -> ShadowEntry?

    public init(shadow: @escaping @Sendable (String) -> ShadowEntry? = { _ in nil }) {
        self.shadow = shadow
    }

    public func groups(of user: String, uid: UInt32) -> Set<String> {
        guard let primary = passwd(user)?.gid else { return [] }
        var count: Int32 = 64
        var ids = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(user, primary, &ids, &count) == -1 {
            guard count < 65_536 else { return [] }
            count = max(count, Int32(ids.count) * 2)
            ids = [gid_t](repeating: 0, count: Int(count))
        }
        return Set(ids.prefix(Int(count)).compactMap(groupName))
    }

    public func groupExists(_ name: String) -> Bool {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        return getgrnam_r(name, &group, &buffer, buffer.count, &result) == 0 && result != nil
    }

    public func standing(of user: String, uid: UInt32) -> AccountStanding {
        guard let entry = passwd(user), entry.uid == uid else { return AccountStanding(deleted: true) }
        guard let shadow = shadow(user) else {
            // No shadow entry (or it cannot be read): only the passwd field can say locked.
            return AccountStanding(locked: entry.password.hasPrefix("!"))
        }
        // -1 means no expiry; pam_unix counts the account expired from the start of day sp_expire (UTC).
        let expiry =
            shadow.expiryDay >= 0 ? Date(timeIntervalSince1970: TimeInterval(shadow.expiryDay) * 86_400) : nil
        return AccountStanding(locked: shadow.password.hasPrefix("!"), expiresAt: expiry)
    }

    private func passwd(_ user: String) -> (uid: UInt32, gid: gid_t, password: String)? {
        var entry = Glibc.passwd()
        var result: UnsafeMutablePointer<Glibc.passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwnam_r(user, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid, entry.pw_passwd.map { String(cString: $0) } ?? "")
    }

    private func groupName(_ id: gid_t) -> String? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrgid_r(id, &group, &buffer, buffer.count, &result) == 0, result != nil, let name = group.gr_name
        else { return nil }
        return String(cString: name)
    }
}
