import CurfewCore
import Foundation
import Synchronization

/// Targets by their stored JSON. A job's target is read at each step of its life (firing, audit, events, loading),
/// and a burst's jobs often share one ("user alice"); decoding JSON each time was a tenth of a burst's cost.
enum TargetCache {
    /// Enough for every job of a large burst; emptied when full rather than tracking use.
    private static let capacity = 4_096
    private static let targets = Mutex<[String: Target]>([:])

    static func target(_ json: String) throws -> Target {
        if let known = targets.withLock({ $0[json] }) { return known }
        let target = try JSONDecoder().decode(Target.self, from: Data(json.utf8))
        targets.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[json] = target
        }
        return target
    }
}
