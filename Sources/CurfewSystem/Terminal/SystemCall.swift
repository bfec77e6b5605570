import Glibc

/// Runs a system call that returns -1 and sets errno when it fails, retrying it on EINTR; any other failure throws
/// an error naming the call.
@discardableResult
func posix<Result: FixedWidthInteger>(_ call: String, _ body: () -> Result) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        guard result == -1 else { return result }
        let code = errno
        guard code == EINTR else { throw SystemCallError(call, errno: code) }
    }
}
