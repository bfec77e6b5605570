import Foundation

/// A failed system or libsystemd call: which call, and the errno it reported.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// Runs an `sd_*` call, turning a negative return (-errno) into an error naming the call.
@discardableResult
func sd(_ call: String, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
    let result = body()
    guard result >= 0 else { throw SystemCallError(call, errno: -result) }
    return result
}
