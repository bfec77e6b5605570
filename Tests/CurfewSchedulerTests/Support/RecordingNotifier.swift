import CurfewCore
import Foundation
import Synchronization

/// Records the notices that would have reached terminals.
final class RecordingNotifier: NoticeDelivery {
    struct Delivery: Equatable {
        var kind: String
        var lead: Int?
        var sessions: [String]
        var at: Date
    }

    private let deliveries = Mutex<[Delivery]>([])
    private let clock: ManualClock

    init(clock: ManualClock) { self.clock = clock }

    func deliver(_ notice: Notice, to sessions: [Session]) async -> Int {
        let delivery = Delivery(
            kind: notice.kind.name,
            lead: notice.kind.lead,
            sessions: sessions.map(\.id),
            at: clock.now()
        )
        deliveries.withLock { $0.append(delivery) }
        return sessions.count
    }

    var all: [Delivery] { deliveries.withLock { $0 } }
    var kinds: [String] { all.map { $0.kind + ($0.lead.map { " \($0)" } ?? "") } }
}
