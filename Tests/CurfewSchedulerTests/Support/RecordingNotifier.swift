import CurfewCore
import Foundation
import Synchronization

/// Records the notices that would have reached terminals.
final class RecordingNotifier: NoticeDelivery {
    struct Delivery: Equatable {
        var kind: String
        var lead: Int?
        var sessions: [String]
        var ttys: [String]
        var at: Date
    }

    private let deliveries = Mutex<[Delivery]>([])
    private let clock: ManualClock

    init(clock: ManualClock) { self.clock = clock }

    func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
        let delivery = Delivery(
            kind: notice.kind.name,
            lead: notice.kind.lead,
            sessions: sessions.map(\.id),
            ttys: sessions.compactMap(\.tty),
            at: clock.now()
        )
        deliveries.withLock { $0.append(delivery) }
        return sessions.map { NoticeReceipt(sessionID: $0.id, delivery: .terminal) }
    }

    var all: [Delivery] { deliveries.withLock { $0 } }
    var kinds: [String] { all.map { $0.kind + ($0.lead.map { " \($0)" } ?? "") } }
}
