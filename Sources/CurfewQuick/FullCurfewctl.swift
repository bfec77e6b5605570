#if canImport(Glibc)
import Glibc
#endif

/// The full curfewctl, which the quick path hands a command line to: `curfewctl-full` beside this program (a build
/// folder, a hand install), else in ../libexec/curfew (the package).
enum FullCurfewctl {
    static let name = "curfewctl-full"
    /// The Idempotency-Key of a request the quick path sent without learning what became of it: the full command
    /// sends the same request under it, so curfewd returns the job if it made one instead of making a second.
    static let idempotencyKeyVariable = "CURFEWCTL_IDEMPOTENCY_KEY"

    /// Replaces this process with the full curfewctl, the same arguments and environment (plus `adding`).
    static func exec(_ arguments: [String], adding environment: [String: String]) -> Never {
        for (name, value) in environment { setenv(name, value, 1) }
        let candidates = candidates(beside: selfPath())
        for path in candidates {
            let argv = ([path] + arguments).map { strdup($0) } + [nil]
            execv(path, argv)
            // Only a missing file is a reason to try the next place.
            guard errno == ENOENT else { fail("cannot run \(path): \(String(cString: strerror(errno)))", status: 126) }
        }
        fail("cannot find \(name) (looked at \(candidates.joined(separator: " and "))); reinstall curfew", status: 127)
    }

    static func candidates(beside executable: String) -> [String] {
        let folder = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
            separator: "/"
        )
        return [folder + "/" + name, folder + "/../libexec/curfew/" + name]
    }

    private static func selfPath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A broken install exits as a shell does for a command it cannot run (126) or find (127).
    private static func fail(_ message: String, status: Int32) -> Never {
        let line = "curfewctl: \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(status)
    }
}
