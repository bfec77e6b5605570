import CurfewCore
import Foundation
import HeapModule

/// The policies in force and, for every live session, what each of them does next to it. Owned by the scheduler's
/// actor; the scheduler's one alarm covers the earliest deadline here too. Nothing here ends a session: it returns
/// `PolicyAction`s that the scheduler carries out as ordinary terminations.
struct PolicyEnforcement {
    /// How late an alarm may run and still count as on time: later than this, a session is "found" past the moment
    /// its termination should have been queued, and gets its whole notice plan from now.
    static let alarmGrace: TimeInterval = 1

    struct Compiled {
        let policy: Policy
        let rule: any PolicyRule
        let notices: NoticePlan
        /// The rule's `readsPeers`, asked once.
        let readsPeers: Bool

        init(policy: Policy, rule: any PolicyRule, notices: NoticePlan) {
            self.policy = policy
            self.rule = rule
            self.notices = notices
            readsPeers = rule.readsPeers
        }
        /// The longest notice lead: a termination is queued this long before the session must end.
        var lead: TimeInterval { TimeInterval(notices.leads.first ?? 0) }
    }

    /// One policy and one session.
    struct Pair: Hashable, Sendable {
        var policy: Int
        var session: String
    }

    /// Where one policy stands with one session.
    enum Standing: Equatable {
        case outOfScope
        /// In scope; nothing to do until something changes.
        case waiting
        /// Ask the rule again at this time (seconds since 1970).
        case due(Double)
        /// Its termination is queued (0 while being queued).
        case enforcing(Int64)
        /// Its termination fired, or an admin cancelled it: left alone while the session lives.
        case settled
    }

    struct Entry {
        var session: Session
        /// By policy index.
        var standings: [Standing]
        /// The time of this session's key in the heap: its earliest `due`.
        var keyTime: Double = .infinity
    }

    private struct Key: Comparable {
        var time: Double
        var session: String
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.time, lhs.session) < (rhs.time, rhs.session) }
    }

    private(set) var policies: [Compiled] = []
    private(set) var entries: [String: Entry] = [:]
    private var byUser: [UInt32: Set<String>] = [:]
    private var heap = Heap<Key>()
    /// Pending policy terminations: which pair and when due.
    private(set) var jobs: [TerminationID: (pair: Pair, due: Date)] = [:]
    private var groups: [UInt32: Set<String>] = [:]
    private var sightings: [UInt32: [HostSighting]] = [:]
    private var alarmed: [Pair: Set<String>] = [:]
    private var lastNotice: [String: Date] = [:]
    private var recheckAt: Date?
    /// While one user's sessions are asked again after a change: their peers, by policy index, worked out once for
    /// all of them rather than for every session and policy.
    private var peerViews: (uid: UInt32, byPolicy: [Int: PeerView])?
    /// The policies whose rules read a user's other sessions, by index.
    private var peerPolicies: [Int] = []
    /// How long back ip_spread policies look, the longest of them; nil without one.
    private var sightingWindow: Int?

    let terminals: any TerminalTimes
    let directory: any UserDirectory
    var isProtected: @Sendable (String) -> Bool = { $0 == "root" }

    init(terminals: any TerminalTimes, directory: any UserDirectory) {
        self.terminals = terminals
        self.directory = directory
    }

    var isEmpty: Bool { policies.isEmpty }

    // MARK: Policies

    /// Puts a new set of policies in force. Pending terminations of a policy that is gone are cancelled; those of a
    /// policy still there (by name) stand. Every session is asked again.
    mutating func replace(
        _ new: [Policy],
        defaultNotices: NoticePlan,
        isProtected: @escaping @Sendable (String) -> Bool,
        now: Date
    ) -> [PolicyAction] {
        self.isProtected = isProtected
        let old = policies.map(\.policy.name)
        policies = new.map { Compiled(policy: $0, rule: Self.rule(for: $0), notices: $0.notices ?? defaultNotices) }
        peerPolicies = policies.indices.filter { policies[$0].readsPeers }
        sightingWindow =
            policies.compactMap { compiled -> Int? in
                if case .ipSpread(let rule) = compiled.policy.kind { return rule.within }
                return nil
            }
            .max()
        let newIndex = Dictionary(uniqueKeysWithValues: policies.enumerated().map { ($1.policy.name, $0) })
        var actions: [PolicyAction] = []
        var moved: [TerminationID: (pair: Pair, due: Date)] = [:]
        for (id, job) in jobs {
            if let index = newIndex[old[job.pair.policy]] {
                moved[id] = (Pair(policy: index, session: job.pair.session), job.due)
            } else {
                actions.append(.cancel(id, policy: old[job.pair.policy], why: "policy \(old[job.pair.policy]) removed"))
            }
        }
        jobs = moved
        for id in Array(entries.keys) {
            var entry = entries[id]!
            let before = entry.standings
            entry.standings = Array(repeating: .waiting, count: policies.count)
            for (index, name) in old.enumerated() {
                guard let kept = newIndex[name] else { continue }
                switch before[index] {
                case .enforcing, .settled: entry.standings[kept] = before[index]
                default: break
                }
            }
            entries[id] = entry
        }
        alarmed = [:]
        groups = [:]
        let intervals = policies.compactMap { compiled -> Int? in
            if case .account(let rule) = compiled.policy.kind { return rule.recheck }
            return nil
        }
        recheckAt = intervals.min().map { now.addingTimeInterval(TimeInterval($0)) }
        for id in Array(entries.keys) {
            evaluate(id, now: now, into: &actions)
        }
        return actions
    }

    static func rule(for policy: Policy) -> any PolicyRule {
        switch policy.kind {
        case .idle(let rule): IdlePolicy(rule: rule)
        case .lifetime(let rule): LifetimePolicy(rule: rule)
        case .hours(let hours): HoursPolicy(hours: hours)
        case .maxSessions(let rule): SessionLimitPolicy(rule: rule)
        case .account(let rule): AccountPolicy(rule: rule)
        case .ipSpread(let rule): IPSpreadPolicy(rule: rule, name: policy.name)
        }
    }

    // MARK: Sessions

    /// Follows one change from the session watcher; asks the policies about the sessions it touches.
    mutating func apply(_ change: SessionChange, now: Date) -> [PolicyAction] {
        var actions: [PolicyAction] = []
        switch change {
        case .updated(let session):
            let uid = entries[session.id]?.session.uid
            upsert(session, now: now)
            if let uid, uid != session.uid { evaluateUser(uid, now: now, into: &actions) }
            evaluateUser(session.uid, now: now, into: &actions, changed: session.id)
        case .closed(let id):
            guard let entry = entries.removeValue(forKey: id) else { break }
            byUser[entry.session.uid]?.remove(id)
            if byUser[entry.session.uid]?.isEmpty == true { byUser[entry.session.uid] = nil }
            lastNotice[id] = nil
            evaluateUser(entry.session.uid, now: now, into: &actions, peersOnly: true)
        case .listed(let sessions):
            let live = Set(sessions.map(\.id))
            for id in entries.keys where !live.contains(id) {
                actions += apply(.closed(id: id), now: now)
            }
            for session in sessions {
                actions += apply(.updated(session), now: now)
            }
        }
        return actions
    }

    private mutating func upsert(_ session: Session, now: Date) {
        if var entry = entries[session.id] {
            if entry.session.uid != session.uid { byUser[entry.session.uid]?.remove(session.id) }
            entry.session = session
            entries[session.id] = entry
        } else {
            var entry = Entry(session: session, standings: Array(repeating: .waiting, count: policies.count))
            // A termination queued before a restart, for a session seen again now.
            for (id, job) in jobs where job.pair.session == session.id {
                entry.standings[job.pair.policy] = .enforcing(id.rawValue)
            }
            entries[session.id] = entry
            if let host = session.remoteHost {
                sightings[session.uid, default: []].append(
                    HostSighting(host: host, at: session.createdAt ?? now, session: session.id)
                )
            }
        }
        byUser[session.uid, default: []].insert(session.id)
    }

    /// Asks again about a user's sessions: every policy for the one that changed, the peer-reading ones for the rest.
    private mutating func evaluateUser(
        _ uid: UInt32,
        now: Date,
        into actions: inout [PolicyAction],
        changed: String? = nil,
        peersOnly: Bool = false
    ) {
        let peerPolicies = self.peerPolicies
        let readsPeers = !peerPolicies.isEmpty && byUser[uid] != nil
        // Sightings older than the longest ip_spread window count for no rule: dropping them first changes no answer.
        if readsPeers { pruneSightings(uid, now: now) }
        // The user's peers, by policy, worked out once for every session asked: asking a session again moves no
        // session in or out of a scope but the changed one, whose views are worked out again when it moved.
        if readsPeers { peerViews = (uid, peerViews(of: uid, peerPolicies)) }
        defer { peerViews = nil }
        if let changed {
            let before = entries[changed]?.standings
            evaluate(changed, now: now, into: &actions)
            let after = entries[changed]?.standings
            for index in peerPolicies where (before?[index] == .outOfScope) != (after?[index] == .outOfScope) {
                let view = peerView(of: uid, index)
                peerViews?.byPolicy[index] = view
            }
        }
        guard !peerPolicies.isEmpty, let ids = byUser[uid] else { return }
        for index in peerPolicies {
            raiseAlarm(index, uid: uid, now: now, into: &actions)
        }
        for id in ids where id != changed {
            evaluate(id, only: peerPolicies, now: now, into: &actions)
        }
    }

    // MARK: Deadlines

    /// When the earliest policy deadline comes, if any.
    mutating func nextDeadline() -> Date? {
        dropStaleTop()
        let next = heap.min.map { Date(timeIntervalSince1970: $0.time) }
        return [next, recheckAt].compactMap { $0 }.min()
    }

    /// Asks the rules again about every session whose deadline has come.
    mutating func popDue(now: Date) -> [PolicyAction] {
        var actions: [PolicyAction] = []
        if let recheck = recheckAt, recheck <= now {
            actions += accountsChanged(now: now)
        }
        let limit = now.timeIntervalSince1970
        var due: [String] = []
        while true {
            dropStaleTop()
            guard let top = heap.min, top.time <= limit else { break }
            heap.removeMin()
            entries[top.session]?.keyTime = .infinity
            due.append(top.session)
        }
        for id in due {
            let ready = entries[id]?.standings.indices.filter {
                if case .due(let time) = entries[id]!.standings[$0] { return time <= limit }
                return false
            }
            evaluate(id, only: ready, now: now, into: &actions)
        }
        return actions
    }

    /// The user database changed (/etc, or the recheck came): asks every account policy again.
    mutating func accountsChanged(now: Date) -> [PolicyAction] {
        groups = [:]
        let intervals = policies.compactMap { compiled -> Int? in
            if case .account(let rule) = compiled.policy.kind { return rule.recheck }
            return nil
        }
        recheckAt = intervals.min().map { now.addingTimeInterval(TimeInterval($0)) }
        var actions: [PolicyAction] = []
        let affected = policies.indices.filter {
            policies[$0].rule.readsAccounts || policies[$0].policy.scope.namedGroups.count > 0
        }
        guard !affected.isEmpty else { return [] }
        for id in Array(entries.keys) {
            evaluate(id, only: affected, now: now, into: &actions)
        }
        return actions
    }

    private mutating func dropStaleTop() {
        while let top = heap.min, entries[top.session]?.keyTime != top.time {
            heap.removeMin()
        }
    }

    // MARK: Evaluation

    /// Asks the given policies (all by default) about one session and records what comes next.
    private mutating func evaluate(
        _ id: String,
        only indices: [Int]? = nil,
        now: Date,
        into actions: inout [PolicyAction]
    ) {
        guard var entry = entries[id] else { return }
        // A session still settling is asked about once logind has said all of it (its terminal above all, which the
        // notices need); the watcher tells of the change, and the recheck covers a session that never gets one.
        let settling = entry.session.settling(at: now)
        var base: PolicyContext?
        for index in indices ?? Array(policies.indices) {
            switch entry.standings[index] {
            case .enforcing, .settled: continue
            default: break
            }
            if let settling {
                entry.standings[index] = .due(settling.timeIntervalSince1970)
                continue
            }
            if !policies[index].policy.scope.namedGroups.isEmpty, groups[entry.session.uid] == nil {
                // Looked up once per user until the user database changes.
                groups[entry.session.uid] = directory.groups(of: entry.session.user, uid: entry.session.uid)
            }
            guard inScope(entry.session, index) else {
                entry.standings[index] = .outOfScope
                continue
            }
            let compiled = policies[index]
            // What every rule sees of this session is looked up once; peers are added per policy.
            let shared = base ?? baseContext(for: entry.session, now: now)
            base = shared
            switch compiled.rule.verdict(
                for: entry.session,
                in: context(for: entry.session, index, now: now, base: shared)
            ) {
            case .keep:
                entry.standings[index] = .waiting
            case .recheck(let at):
                entry.standings[index] = .due(at.timeIntervalSince1970)
            case .end(let at, _, let facts):
                let actAt = at.addingTimeInterval(-compiled.lead)
                guard actAt <= now else {
                    entry.standings[index] = .due(actAt.timeIntervalSince1970)
                    continue
                }
                entry.standings[index] = .enforcing(0)
                // Always warned: a session found past its limit ends after its notices, counted from now. The alarm
                // for `actAt` itself comes a few milliseconds after it, which must not move the end.
                let found = now.timeIntervalSince(actAt) > Self.alarmGrace
                let due = found ? max(at, now.addingTimeInterval(compiled.lead)) : at
                actions.append(
                    .enforce(
                        compiled,
                        session: entry.session,
                        dueAt: due,
                        reason: compiled.policy.reasonText(facts)
                    )
                )
            }
        }
        let next =
            entry.standings.compactMap { standing -> Double? in
                if case .due(let time) = standing { return time }
                return nil
            }
            .min() ?? .infinity
        if next != entry.keyTime {
            entry.keyTime = next
            if next.isFinite { heap.insert(Key(time: next, session: id)) }
        }
        entries[id] = entry
    }

    func inScope(_ session: Session, _ index: Int) -> Bool {
        guard !isProtected(session.user) else { return false }
        return policies[index].policy.scope.matches(session) { session in
            groups[session.uid] ?? directory.groups(of: session.user, uid: session.uid)
        }
    }

    func baseContext(for session: Session, now: Date) -> PolicyContext {
        PolicyContext(now: now, terminals: terminals, directory: directory, lastNotice: lastNotice[session.id])
    }

    /// What a rule sees: `base` (from `baseContext`) when the caller has it, with the peers for peer-reading rules.
    func context(for session: Session, _ index: Int, now: Date, base: PolicyContext? = nil) -> PolicyContext {
        var context = base ?? baseContext(for: session, now: now)
        if policies[index].readsPeers {
            let known = peerViews.flatMap { $0.uid == session.uid ? $0.byPolicy[index] : nil }
            let view = known ?? peerView(of: session.uid, index)
            context.peers = view.peers
            context.sightings = view.sightings
        }
        return context
    }

    /// A user's sessions in one policy's scope and where the user came from, as a peer-reading rule sees them.
    struct PeerView {
        /// Oldest first.
        var peers: [Session]
        var sightings: [HostSighting]
    }

    func peerView(of uid: UInt32, _ index: Int) -> PeerView {
        peerViews(of: uid, [index])[index]!
    }

    /// A user's peer views for these policies; policies that take in the same sessions share one.
    func peerViews(of uid: UInt32, _ indices: [Int]) -> [Int: PeerView] {
        let ids = Array(byUser[uid] ?? [])
        var views: [Int: PeerView] = [:]
        var byMembers: [[String]: PeerView] = [:]
        for index in indices {
            let members = ids.filter { id in
                guard let entry = entries[id] else { return false }
                return entry.standings[index] != .outOfScope && inScope(entry.session, index)
            }
            if let known = byMembers[members] {
                views[index] = known
                continue
            }
            var peers = members.compactMap { entries[$0]?.session }
            peers.sort { ($0.createdAt ?? .distantPast, $0.id) < ($1.createdAt ?? .distantPast, $1.id) }
            let view = PeerView(peers: peers, sightings: sightingsSeen(uid, peerIDs: Set(members)))
            byMembers[members] = view
            views[index] = view
        }
        return views
    }

    /// Sessions already gone still count for where the user came from; those out of scope do not.
    func sightingsSeen(_ uid: UInt32, peerIDs: Set<String>) -> [HostSighting] {
        (sightings[uid] ?? []).filter { peerIDs.contains($0.session) || entries[$0.session] == nil }
    }

    private mutating func raiseAlarm(_ index: Int, uid: UInt32, now: Date, into actions: inout [PolicyAction]) {
        guard let id = byUser[uid]?.first(where: { inScope(entries[$0]!.session, index) }),
            let session = entries[id]?.session,
            let alarm = policies[index].rule.alarm(user: session.user, in: context(for: session, index, now: now))
        else { return }
        let key = Pair(policy: index, session: "uid \(uid)")
        let known = alarmed[key] ?? []
        guard !Set(alarm.addresses).isSubset(of: known) else { return }
        alarmed[key] = known.union(alarm.addresses)
        actions.append(.alarm(alarm))
    }

    private mutating func pruneSightings(_ uid: UInt32, now: Date) {
        guard let window = sightingWindow else {
            sightings[uid] = nil
            return
        }
        let since = now.addingTimeInterval(-TimeInterval(window))
        sightings[uid]?.removeAll { $0.at < since }
    }

    // MARK: Terminations

    /// The scheduler queued the termination a policy asked for (or found it queued at start-up); false when that
    /// policy is no longer in force.
    @discardableResult
    mutating func bind(_ id: TerminationID, policy name: String, session: String, due: Date) -> Bool {
        guard let index = policies.firstIndex(where: { $0.policy.name == name }) else { return false }
        jobs[id] = (Pair(policy: index, session: session), due)
        entries[session]?.standings[index] = .enforcing(id.rawValue)
        return true
    }

    /// Queueing failed: ask again in a minute.
    mutating func unbind(policy name: String, session: String, now: Date) {
        guard let index = policies.firstIndex(where: { $0.policy.name == name }), var entry = entries[session] else {
            return
        }
        entry.standings[index] = .due(now.addingTimeInterval(60).timeIntervalSince1970)
        entries[session] = entry
        var ignored: [PolicyAction] = []
        evaluate(session, only: [], now: now, into: &ignored)
    }

    /// Whether `id` is a policy's pending termination.
    func owns(_ id: TerminationID) -> Bool { jobs[id] != nil }

    /// A notice step or the due time of a policy's termination came: the rule is asked again (the terminal's times are
    /// read now). When it no longer holds, the termination is to be cancelled, saying why.
    mutating func recheck(_ id: TerminationID, now: Date) -> [PolicyAction] {
        guard let job = jobs[id], let entry = entries[job.pair.session] else { return [] }
        let compiled = policies[job.pair.policy]
        let holds: Bool
        if !inScope(entry.session, job.pair.policy) {
            holds = false
        } else {
            let context = context(for: entry.session, job.pair.policy, now: now)
            if case .end(let at, _, _) = compiled.rule.verdict(for: entry.session, in: context) {
                holds = at <= job.due.addingTimeInterval(1)
            } else {
                holds = false
            }
        }
        guard !holds else { return [] }
        jobs[id] = nil
        entries[job.pair.session]?.standings[job.pair.policy] = .waiting
        var actions: [PolicyAction] = [.cancel(id, policy: compiled.policy.name, why: compiled.rule.relief)]
        evaluate(job.pair.session, only: [job.pair.policy], now: now, into: &actions)
        return actions
    }

    /// curfew wrote a notice to a session's terminal at `now` (that output is not the user's).
    mutating func noteWritten(to session: String, at now: Date) {
        lastNotice[session] = now
    }

    /// A policy's termination fired or was cancelled by someone else: the pair is left alone while the session lives.
    mutating func finished(_ id: TerminationID) {
        guard let job = jobs.removeValue(forKey: id) else { return }
        entries[job.pair.session]?.standings[job.pair.policy] = .settled
    }

    /// The session a pending policy termination ends.
    func session(of id: TerminationID) -> String? { jobs[id]?.pair.session }
}
