import CurfewClient
import CurfewText
import Foundation

extension Rendering {
    /// `curfewctl audit`: who did what to which target, newest first.
    func audit(_ page: AuditPage) -> String {
        guard !page.entries.isEmpty else {
            return page.offset > 0 ? "no audit entries past \(page.offset)" : "no audit entries"
        }
        var table = Table([
            Table.Column("ID", .right), "AT", "ACTOR", "ACTION", "TARGET", Table.Column("JOB", .right), "RESULT",
            "REASON",
        ])
        for entry in page.entries {
            let target = [entry.target, entry.sessionID.map { "session \($0)" }].compactMap { $0 }
            table.append([
                String(entry.id), absolute(entry.at), "\(entry.actor.name) (uid \(entry.actor.uid))", entry.action,
                target.isEmpty ? "-" : target.joined(separator: ", "), entry.terminationID.map(String.init) ?? "-",
                entry.result, entry.reason ?? "",
            ])
        }
        let footer = Self.pageFooter(
            noun: "entries",
            shown: page.entries.count,
            offset: page.offset,
            limit: page.limit,
            total: nil
        )
        return [table.render(), footer].compactMap { $0 }.joined(separator: "\n")
    }
}
