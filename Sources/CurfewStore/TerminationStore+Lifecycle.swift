import CurfewCore
import Foundation
import GRDB

/// State changes. Each checks the state it expects and writes the transition in the same transaction, so two
/// writers never both win and the history always says what happened.
extension TerminationStore {
    /// Moves a job from `from` to `to`, applying `change` to its row; refuses when it is in another state.
    @discardableResult
    func move(
        _ id: TerminationID,
        from: Set<TerminationState>,
        to: TerminationState,
        at now: Date,
        note: String,
        audit action: AuditEntry.Action,
        event: (kind: EventKind, what: String),
        by actor: Caller,
        refusing notDone: String,
        fromReserve: Bool = false,
        change: (inout TerminationRecord) -> Void = { _ in }
    ) throws -> Termination {
        try writer.write(refusing: notDone, fromReserve: fromReserve) { db in
            guard var record = try Self.record(id, db) else {
                throw StoreError(.notFound, "no termination \(id)")
            }
            let current = TerminationState(rawValue: record.state) ?? .failed
            guard from.contains(current) else {
                throw StoreError(
                    .conflict(current),
                    "termination \(id) is \(current.rawValue), not \(from.map(\.rawValue).sorted().joined(separator: " or "))"
                )
            }
            record.state = to.rawValue
            change(&record)
            try record.update(db)
            try Self.append(Transition(from: current, to: to, at: now, note: note), to: id.rawValue, db)
            try append(Self.auditEntry(action, record, by: actor, at: now, result: note), db)
            try write(Self.event(event.kind, record, at: now, what: event.what, details: changeDetails(by: actor)), db)
            return try Self.load(id, db)!
        }
    }

    /// Cancels a scheduled job; `why` is recorded with it (a policy's "activity").
    public func cancel(_ id: TerminationID, by caller: Caller, at now: Date, why: String? = nil) throws -> Termination {
        try move(
            id,
            from: [.scheduled],
            to: .cancelled,
            at: now,
            note: "by \(describe(caller))" + (why.map { ": \($0)" } ?? ""),
            audit: .cancelled,
            event: (.terminationCancelled, "cancelled by \(caller.name)" + (why.map { " (\($0))" } ?? "")),
            by: caller,
            refusing: "nothing was cancelled"
        ) {
            $0.finishedAt = now.timeIntervalSince1970
        }
    }

    /// Moves a scheduled job to a new due time; notice steps already past at the new time are skipped.
    public func reschedule(_ id: TerminationID, to due: Date, by caller: Caller, at now: Date) throws -> Termination {
        try writer.write(refusing: "nothing was rescheduled") { db in
            guard let record = try Self.record(id, db) else {
                throw StoreError(.notFound, "no termination \(id)")
            }
            let plan = try TerminationRecord.decodePlan(record.notices)
            let old = Date(timeIntervalSince1970: record.dueAt)
            let note =
                "due \(TimeText.rfc3339(old)) -> \(TimeText.rfc3339(due)) by \(describe(caller))"
            guard record.state == TerminationState.scheduled.rawValue else {
                throw StoreError(
                    .conflict(TerminationState(rawValue: record.state) ?? .failed),
                    "termination \(id) is \(record.state), not scheduled"
                )
            }
            var updated = record
            updated.dueAt = due.timeIntervalSince1970
            updated.nextNotice = plan.firstStep(due: due, now: now)
            try updated.update(db)
            try Self.append(Transition(from: .scheduled, to: .scheduled, at: now, note: note), to: id.rawValue, db)
            try append(Self.auditEntry(.rescheduled, updated, by: caller, at: now, result: note), db)
            var details = changeDetails(by: caller)
            details.previousDueAt = TimeText.rfc3339(old)
            try write(
                Self.event(
                    .terminationRescheduled,
                    updated,
                    at: now,
                    what: "moved from \(TimeText.rfc3339(old)) to \(TimeText.rfc3339(due)) by \(caller.name)",
                    details: details
                ),
                db
            )
            return try Self.load(id, db)!
        }
    }

    /// Marks a job overdue past the configured window as missed.
    public func markMissed(_ id: TerminationID, late: TimeInterval, at now: Date) throws -> Termination {
        try move(
            id,
            from: [.scheduled],
            to: .missed,
            at: now,
            note: "not fired: \(DurationText.spoken(late)) overdue at start-up",
            audit: .missed,
            event: (.terminationMissed, "missed: \(DurationText.spoken(late)) overdue at start-up"),
            by: .daemon,
            refusing: "the job was not marked missed",
            // Deciding a due job's fate at start-up is part of firing.
            fromReserve: true
        ) {
            $0.finishedAt = now.timeIntervalSince1970
        }
    }

    /// Records that notice step `next - 1` went out (or was skipped), so it is not sent again after a restart.
    public func advanceNotice(_ id: TerminationID, to next: Int) throws {
        try writer.write(refusing: "the notice step was not recorded") { db in
            try db.executeCached(
                sql: "UPDATE termination SET next_notice = max(next_notice, ?) WHERE id = ? AND state = 'scheduled'",
                arguments: [next, id.rawValue]
            )
        }
    }

    /// Starts firing the jobs in one transaction: the state change is durable before any session is touched.
    /// Returns the jobs that were still scheduled (a job cancelled meanwhile is left alone), with how late each fired.
    public func beginFiring(
        _ ids: [TerminationID],
        at now: Date
    ) throws -> [(id: TerminationID, lateness: TimeInterval)] {
        try writer.writeFromReserve { db in
            var started: [(id: TerminationID, lateness: TimeInterval)] = []
            var transitions = NewRows.transitions(db)
            var audit = NewRows.audit(db)
            var events = EventRows(db)
            for id in ids {
                guard let record = try Self.record(id, db),
                    record.state == TerminationState.scheduled.rawValue
                else { continue }
                var updated = record
                updated.state = TerminationState.firing.rawValue
                updated.firedAt = now.timeIntervalSince1970
                try db.executeCached(
                    sql: "UPDATE termination SET state = ?, fired_at = ? WHERE id = ?",
                    arguments: [updated.state, updated.firedAt, id.rawValue]
                )
                let late = max(0, now.timeIntervalSince1970 - record.dueAt)
                let note = late >= 1 ? "\(DurationText.spoken(late)) late" : String(format: "%.1f ms late", late * 1000)
                try transitions.append(Transition(from: .scheduled, to: .firing, at: now, note: note), to: id.rawValue)
                let target = record.decodedTarget
                let entry = Self.auditEntry(.fired, updated, at: now, result: note, target: target)
                try audit.append(entry)
                commitNotices.audited(entry)
                var details = EventDetails()
                details.latenessSeconds = (late * 1000).rounded() / 1000
                try events.append(
                    Self.event(
                        .terminationFired,
                        updated,
                        at: now,
                        target: target,
                        what: "fired, \(note)",
                        details: details
                    )
                )
                started.append((id, late))
            }
            try transitions.write()
            try audit.write()
            try write(&events)
            return started
        }
    }

    /// The sessions chosen for one firing job, and the final notice that went to them.
    public struct Resolution: Sendable {
        public var id: TerminationID
        public var sessions: [SessionOutcome]
        public var notice: NoticeRecord?

        public init(_ id: TerminationID, sessions: [SessionOutcome], notice: NoticeRecord? = nil) {
            self.id = id
            self.sessions = sessions
            self.notice = notice
        }
    }

    /// Writes the sessions a firing job will end, all `pending` (or already decided, e.g. protected), before any is
    /// touched, with the final notice that went to them. Called once per job: recovery finds `resolved_at` set and
    /// only finishes what is pending. A job left with nothing pending is finished in the same transaction.
    public func recordResolution(
        _ id: TerminationID,
        sessions: [SessionOutcome],
        notice: NoticeRecord? = nil,
        at now: Date
    ) throws -> Termination {
        try recordResolutions([Resolution(id, sessions: sessions, notice: notice)], at: now)[0]
    }

    /// `recordResolution` for the jobs of one batch, in one transaction: a burst of due jobs costs one commit, not
    /// one each. Returns the jobs in the order given.
    public func recordResolutions(_ resolutions: [Resolution], at now: Date) throws -> [Termination] {
        try writer.writeFromReserve { db in
            try resolutions.map { try self.resolve($0, at: now, db) }
        }
    }

    private func resolve(_ resolution: Resolution, at now: Date, _ db: Database) throws -> Termination {
        let id = resolution.id
        guard let record = try Self.record(id, db) else {
            throw StoreError(.notFound, "no termination \(id)")
        }
        guard record.resolvedAt == nil else { return try Self.load(id, db)! }
        for outcome in resolution.sessions {
            try db.executeCached(
                sql: """
                    INSERT INTO session_outcome (termination_id, session_id, user, result, error, at, tty, remote_host)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id.rawValue, outcome.sessionID, outcome.user, outcome.result.rawValue, outcome.error,
                    outcome.at?.timeIntervalSince1970, outcome.tty, outcome.remoteHost,
                ]
            )
        }
        try db.executeCached(
            sql: "UPDATE termination SET resolved_at = ? WHERE id = ?",
            arguments: [now.timeIntervalSince1970, id.rawValue]
        )
        for outcome in resolution.sessions where outcome.result != .pending {
            try self.publish(outcome, of: record, at: outcome.at ?? now, db)
        }
        if var notice = resolution.notice {
            try notice.insert(db)
            try self.publish(notice, db)
        }
        if !resolution.sessions.contains(where: { $0.result == .pending }) {
            try self.finish(id, at: now, db)
        }
        return try Self.load(id, db)!
    }

    /// The firing jobs among `ids`, each with whether its sessions were already chosen, in one read; jobs no longer
    /// firing are left out. A job not yet resolved comes without its history, which choosing its sessions does not
    /// need (it has no outcomes yet).
    public func firingJobs(_ ids: [TerminationID]) throws -> [(job: Termination, resolved: Bool)] {
        try writer.read { db in
            try ids.compactMap { id in
                guard let record = try Self.record(id, db), record.state == TerminationState.firing.rawValue else {
                    return nil
                }
                guard record.resolvedAt != nil else {
                    return (try record.termination(sessions: [], history: []), false)
                }
                return (try Self.complete(record, db), true)
            }
        }
    }

    /// Records what became of one session.
    public func recordOutcome(_ id: TerminationID, _ outcome: SessionOutcome) throws {
        try writer.writeFromReserve { db in
            try db.executeCached(
                sql:
                    "UPDATE session_outcome SET result = ?, error = ?, at = ? WHERE termination_id = ? AND session_id = ?",
                arguments: [
                    outcome.result.rawValue, outcome.error, outcome.at?.timeIntervalSince1970, id.rawValue,
                    outcome.sessionID,
                ]
            )
            if let record = try Self.record(id, db) {
                let result = outcome.result.rawValue + (outcome.error.map { ": \($0)" } ?? "")
                try append(
                    Self.auditEntry(
                        .sessionTerminated,
                        record,
                        at: outcome.at ?? Date(),
                        session: outcome.sessionID,
                        result: result
                    ),
                    db
                )
                try self.publish(outcome, of: record, at: outcome.at ?? Date(), db)
            }
        }
    }

    /// Ends firing: `completed` unless a session failed.
    public func finishFiring(_ id: TerminationID, at now: Date) throws -> Termination {
        try writer.writeFromReserve { db in
            try self.finish(id, at: now, db)
            return try Self.load(id, db)!
        }
    }

    private func finish(_ id: TerminationID, at now: Date, _ db: Database) throws {
        guard let record = try Self.record(id, db) else {
            throw StoreError(.notFound, "no termination \(id)")
        }
        let state = record.state
        guard state == TerminationState.firing.rawValue else {
            throw StoreError(
                .conflict(TerminationState(rawValue: state) ?? .failed),
                "termination \(id) is \(state), not firing"
            )
        }
        let sessions = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT session_id, user, result FROM session_outcome WHERE termination_id = ? ORDER BY rowid"
            ),
            arguments: [id.rawValue]
        )
        let failures = sessions.filter { $0["result"] == SessionOutcome.Result.failed.rawValue }.count
        let outcome: TerminationState = failures == 0 ? .completed : .failed
        try db.executeCached(
            sql: "UPDATE termination SET state = ?, finished_at = ? WHERE id = ?",
            arguments: [outcome.rawValue, now.timeIntervalSince1970, id.rawValue]
        )
        let note =
            "\(sessions.count) session\(sessions.count == 1 ? "" : "s")" + (failures == 0 ? "" : ", \(failures) failed")
        try Self.append(Transition(from: .firing, to: outcome, at: now, note: note), to: id.rawValue, db)
        let target = record.decodedTarget
        try append(
            Self.auditEntry(
                outcome == .completed ? .completed : .failed,
                record,
                at: now,
                result: note,
                target: target
            ),
            db
        )
        var details = EventDetails()
        details.sessions = sessions.map { $0["session_id"] }
        details.failed = failures
        try write(
            Self.event(
                outcome == .completed ? .terminationCompleted : .terminationFailed,
                record,
                at: now,
                target: target,
                what: "\(outcome.rawValue): \(note)",
                details: details,
                alsoUsers: sessions.map { $0["user"] }
            ),
            db
        )
        try placeHolds(record, at: now, db)
    }

    /// Records a notice that went out (or, in a dry run, would have).
    public func recordNotice(_ notice: NoticeRecord) throws {
        try writer.write(refusing: "the notice was sent but not recorded") { db in
            var notice = notice
            try notice.insert(db)
            try self.publish(notice, db)
        }
    }
}
