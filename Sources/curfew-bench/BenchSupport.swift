import CurfewCore
import Foundation

/// No sessions: the benchmark measures the queue, not logind.
struct NoSessions: LoginSessions {
    func list() async throws -> [Session] { [] }
    func terminate(sessionID: String) async throws -> TerminateResult { .gone }
}

struct NoTerminals: NoticeDelivery {
    func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] { [] }
}

/// What the kernel says about this process's threads.
enum ThreadActivity {
    /// Voluntary and involuntary context switches summed over every thread: each is a wake-up or preemption.
    static func contextSwitches() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.reduce(0) { total, task in
            guard let status = try? String(contentsOfFile: "/proc/self/task/\(task)/status", encoding: .utf8) else {
                return total
            }
            return total + field(status, "voluntary_ctxt_switches") + field(status, "nonvoluntary_ctxt_switches")
        }
    }

    static func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        return field(status, "VmRSS")
    }

    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        return (Double(field(status, "VmRSS")) / 1024 * 10).rounded() / 10
    }

    private static func field(_ status: String, _ name: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? 0
    }
}
