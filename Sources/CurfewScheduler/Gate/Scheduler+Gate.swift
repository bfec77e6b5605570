import CurfewCore
import CurfewStore
import Foundation

/// The login gate: may a user log in now? Asked by `curfewctl pam-account` from PAM's account phase. A hold
/// (a termination's `--hold`) refuses first, then the policies that would end the new session at once. Every
/// refusal is audited (`login-refused`) and published (`login.refused`).
extension Scheduler {
    public func admit(_ query: GateQuery, asker: Caller) throws -> GateAnswer {
        let now = clock.now()
        let answer = try answer(query, now: now)
        if !answer.allowed {
            do {
                try store.recordLoginRefusal(query, answer, asker: asker, at: now)
            } catch {
                // The user is kept out all the same; only the record is missing, and the journal says so.
                logger.error("the refused login of \(query.summary) could not be recorded: \(error)")
            }
            SchedulerMetrics.loginRefused(answer.rule ?? "curfew").increment()
            logger.notice("login of \(query.summary) refused by \(answer.rule ?? "curfew"): \(answer.message ?? "")")
        }
        return answer
    }

    private func answer(_ query: GateQuery, now: Date) throws -> GateAnswer {
        guard !config.isProtected(query.user) else { return .allow }
        if let hold = try storeCall({ try store.activeHold(of: query.user, at: now) }) {
            return .refuse(Self.heldText(hold, now: now, contact: config.contact), rule: "hold")
        }
        return policies.admission(query, now: now)
    }

    /// "Your sessions were ended by root (offboarding); you may log in again at 2026-12-02 18:00:00 +01:00 (...),
    /// in 2 h."
    static func heldText(_ hold: Hold, now: Date, contact: String?) -> String {
        var text = "Your sessions were ended by \(hold.actor)"
        if !hold.reason.isEmpty { text += " (\(hold.reason))" }
        text += "; you may log in again at \(TimeText.describe(hold.until, now: now))."
        if let contact, !contact.isEmpty { text += " Contact: \(contact)." }
        return TerminalText.sanitize(text, maxLength: 1000)
    }
}
