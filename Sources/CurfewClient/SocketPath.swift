#if canImport(Glibc)
import Glibc
#endif

/// Where curfewd's socket is: the option, else $CURFEW_SOCKET, else the system path if curfewd made it, else the
/// local one (curfewd run by hand in this directory).
public enum SocketPath {
    public static let system = "/run/curfew/curfewd.sock"
    public static let local = ".curfew/run/curfewd.sock"

    public static func resolve(_ option: String?, environment: [String: String]) -> String {
        if let option { return option }
        if let fromEnvironment = environment["CURFEW_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        return access(system, F_OK) == 0 ? system : local
    }
}
