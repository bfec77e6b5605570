import CurfewCore
import Foundation
import Synchronization

/// Targets by their stored JSON. A job's target is read at each step of its life (firing, audit, events, loading),
/// and a burst's jobs often share one ("user alice"); decoding JSON each time was a tenth of a burst's cost.
/// Writing it is done by hand for all but a list of sessions: `JSONEncoder` was a fifth of a batched enqueue.
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

    /// The JSON a target is stored as: what `JSONEncoder` writes for it, but for `/`, which the encoder escapes and
    /// this does not (a test holds the two to read the same).
    static func json(_ target: Target) throws -> String {
        var object = JSONObjectText()
        switch target {
        case .sessions:
            return String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
        case .user(let name, let filter):
            object.add("user", name)
            add(filter, to: &object)
        case .group(let name, let filter):
            object.add("group", name)
            add(filter, to: &object)
        case .all(let filter):
            object.add("all", true)
            add(filter, to: &object)
        }
        return object.json
    }

    private static func add(_ filter: SessionFilter, to object: inout JSONObjectText) {
        object.add("remote_host", filter.remoteHost)
        object.add("service", filter.service)
        object.add("tty", filter.tty)
        object.add("class", filter.sessionClass)
        object.add("type", filter.type)
    }
}
