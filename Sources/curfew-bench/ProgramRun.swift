import ArgumentParser
import Foundation

/// Runs a program as pam_exec does, with `posix_spawn` and `waitpid` and nothing else: Foundation's `Process` adds
/// its own work around each run (a run loop, a SIGCHLD source, closing every descriptor), several milliseconds on
/// this kind of machine, which a login through PAM does not pay.
enum ProgramRun {
    /// The exit status; a program killed by a signal counts as 128 + the signal.
    static func run(_ path: String, _ arguments: [String], environment: [String: String]) throws -> Int32 {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, nil, nil, argv, envp)
        guard spawned == 0 else { throw ValidationError("cannot run \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw ValidationError("waiting for \(path): \(String(cString: strerror(errno)))")
            }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
