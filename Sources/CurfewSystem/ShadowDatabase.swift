import CSystemd
import CurfewCore
import Glibc

/// Shadow entries through NSS (getspnam_r): readable by root only, as curfewd runs.
public enum ShadowDatabase {
    public static func entry(_ user: String) -> ShadowEntry? {
        var entry = spwd()
        var result: UnsafeMutablePointer<spwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getspnam_r(user, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return ShadowEntry(password: entry.sp_pwdp.map { String(cString: $0) } ?? "", expiryDay: Int(entry.sp_expire))
    }
}
