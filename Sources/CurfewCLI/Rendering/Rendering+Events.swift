import CurfewClient
import CurfewText
import Foundation

extension Rendering {
    /// `curfewctl events`: one row per event, oldest first.
    func events(_ page: EventPage) -> String {
        guard !page.events.isEmpty else { return "no events after \(page.lastId)" }
        var table = Table([Table.Column("ID", .right), "AT", "TYPE", "SUMMARY"])
        for event in page.events {
            table.append([String(event.id), absolute(event.at), event.type, event.summary])
        }
        var lines = [table.render()]
        if page.lastId < page.newestId, page.events.count > 0 {
            lines.append("more may follow: curfewctl events --since \(page.lastId)")
        }
        return lines.joined(separator: "\n")
    }

    /// `curfewctl events --follow`: one line per event as it comes.
    func event(_ event: EventReply) -> String {
        "#\(event.id)  \(absolute(event.at))  \(safe(event.type))  \(safe(event.summary))"
    }
}
