import Glibc

/// Why a session's terminal did not get the whole notice.
enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// logind's TTY is not a name `TerminalName` accepts; nothing was opened.
    case invalidName(String)
    case notCharacterDevice
    /// The device belongs to someone other than the session's user: not theirs to be written to on their behalf.
    case ownedByOther(uid: UInt32)
    case system(SystemCallError)
    /// The terminal took no more before the deadline: nobody reads it, or it is stopped (^S).
    case timedOut(written: Int, of: Int)

    /// The errno that says what went wrong, where there is one.
    var errno: Int32 {
        switch self {
        case .invalidName: EINVAL
        case .notCharacterDevice: ENOTTY
        case .ownedByOther: EPERM
        case .system(let error): error.errno
        case .timedOut: EAGAIN
        }
    }

    var description: String {
        switch self {
        case .invalidName(let name): "refused terminal name \(name.debugDescription)"
        case .notCharacterDevice: "not a character device"
        case .ownedByOther(let uid): "owned by uid \(uid), not the session's user"
        case .system(let error) where error.errno == EACCES:
            // curfewd writes through group tty, which `mesg n` shuts out; reaching past it is an opt-in.
            "\(error.description): the user turned messages off (mesg n); the drop-in mesg-override.conf that "
                + "comes with curfew lets curfewd reach such terminals"
        case .system(let error): error.description
        case .timedOut(let written, let total): "timed out after writing \(written) of \(total) bytes"
        }
    }
}
