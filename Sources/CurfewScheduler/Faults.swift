// Faults the lab injects to prove what systemd does with a stuck or slow scheduler. They exist only in debug
// builds (the tests' and the lab's fault build); release builds compile the empty versions below.
#if CURFEW_FAULT_INJECTION
import Foundation

public enum Faults {
    /// CURFEW_FAULT_SLOW_RECOVERY_MS: sleep this long per job read at start-up, to make recovery long.
    private static let recoveryDelay: UInt32? = ProcessInfo.processInfo.environment["CURFEW_FAULT_SLOW_RECOVERY_MS"]
        .flatMap { UInt32($0) }

    static func slowRecoveryStep() {
        if let recoveryDelay { usleep(recoveryDelay * 1000) }
    }
}

extension Scheduler {
    /// Blocks the scheduler's executor for good, as a deadlock would.
    public func hang() {
        while true { sleep(3600) }
    }
}
#else
enum Faults {
    @inline(__always) static func slowRecoveryStep() {}
}
#endif
