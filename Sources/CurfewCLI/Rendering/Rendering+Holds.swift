import CurfewClient
import CurfewText
import Foundation

extension Rendering {
    /// `curfewctl holds`: who is kept out of new logins, until when, by whom and why.
    func holds(_ reply: HoldsReply) -> String {
        guard !reply.holds.isEmpty else { return "no user is held" }
        var table = Table(["USER", "UNTIL", "LEFT", "BY", "TERMINATION", "REASON"])
        for hold in reply.holds {
            table.append([
                hold.user, clock(hold.until), relative(hold.until), hold.actor,
                hold.terminationId.map(String.init) ?? "-", hold.reason,
            ])
        }
        return table.render()
    }

    /// `curfewctl hold lift USER`.
    func lifted(_ reply: LiftedReply) -> String {
        let until = reply.lifted.map(\.until).max()
        return "lifted the hold on \(safe(reply.user))"
            + (until.map { " (it would have lasted until \(absolute($0)))" } ?? "")
            + "; \(safe(reply.user)) may log in again"
    }
}
