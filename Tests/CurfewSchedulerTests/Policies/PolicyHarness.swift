import CurfewCore
import CurfewScheduler
import CurfewStore
import Foundation
import Testing

extension Harness {
    /// A harness whose configuration holds `policies`, with these sessions live and known to the scheduler.
    static func with(
        _ policies: [Policy],
        sessions: [Session],
        start: Date = Harness.start,
        configure: (inout Configuration) -> Void = { _ in },
        prepare: (Harness) -> Void = { _ in }
    ) async throws -> Harness {
        let h = try await Harness(sessions: sessions, start: start) { config in
            config.policies = policies
            configure(&config)
        }
        prepare(h)
        await h.scheduler.sessionsChanged(.listed(sessions))
        return h
    }

    /// Every termination, oldest first.
    func jobs() throws -> [Termination] {
        try store.terminations(limit: 1000).reversed()
    }

    func at(_ seconds: TimeInterval) -> Date { Harness.start.addingTimeInterval(seconds) }
}

extension Session {
    static func text(
        _ id: String,
        user: String,
        uid: UInt32 = 1000,
        created: Date,
        host: String = "10.0.0.5"
    ) -> Session {
        .ssh(id, user: user, uid: uid, host: host, created: created.timeIntervalSince1970)
    }
}
