import CurfewCore
import Foundation
import Synchronization

/// Terminal times set by hand: a test "types" by moving the input time.
final class FakeTerminals: TerminalTimes {
    private let times = Mutex<[String: TerminalActivity]>([:])

    func activity(of tty: String) -> TerminalActivity? { times.withLock { $0[tty] } }

    func set(_ tty: String, input: Date, output: Date? = nil) {
        times.withLock { $0[tty] = TerminalActivity(input: input, output: output ?? input) }
    }
}

/// A user database in memory: groups and account standing by user.
final class FakeUserDirectory: UserDirectory {
    private struct State {
        var groups: [String: Set<String>] = [:]
        var standings: [String: AccountStanding] = [:]
        /// Groups that exist with nobody in them.
        var emptyGroups: Set<String> = []
    }

    private let state = Mutex(State())

    func groups(of user: String, uid: UInt32) -> Set<String> { state.withLock { $0.groups[user] ?? [] } }
    func groupExists(_ name: String) -> Bool {
        state.withLock { $0.emptyGroups.contains(name) || $0.groups.values.contains { $0.contains(name) } }
    }
    func standing(of user: String, uid: UInt32) -> AccountStanding {
        state.withLock { $0.standings[user] ?? AccountStanding() }
    }

    func setGroups(_ user: String, _ groups: Set<String>) { state.withLock { $0.groups[user] = groups } }
    func addEmptyGroup(_ name: String) { state.withLock { _ = $0.emptyGroups.insert(name) } }
    func setStanding(_ user: String, _ standing: AccountStanding) { state.withLock { $0.standings[user] = standing } }
}
