import Foundation

/// A session curfew ended, as its user is told at their next login and in `curfewctl me`.
public struct EndedSession: Sendable, Equatable, Codable {
    public var terminationID: TerminationID
    public var sessionID: String
    public var user: String
    public var tty: String?
    public var remoteHost: String?
    public var endedAt: Date
    /// Who made the termination: a person, or `policy NAME`.
    public var actor: String
    public var reason: String
    /// When the user was told at a login; nil until then.
    public var toldAt: Date?

    public init(
        terminationID: TerminationID,
        sessionID: String,
        user: String,
        tty: String? = nil,
        remoteHost: String? = nil,
        endedAt: Date,
        actor: String,
        reason: String,
        toldAt: Date? = nil
    ) {
        self.terminationID = terminationID
        self.sessionID = sessionID
        self.user = user
        self.tty = tty
        self.remoteHost = remoteHost
        self.endedAt = endedAt
        self.actor = actor
        self.reason = reason
        self.toldAt = toldAt
    }

    /// "Your session on HOST (pts/3, from 10.0.0.5) was ended at 2026-12-01 18:00 +01:00 by root: offboarding.
    /// Contact: the help desk." Every part from outside is sanitised: it goes to a terminal.
    public func message(host: String, contact: String?, zone: TimeZone = .current) -> String {
        let place = [tty, remoteHost.map { "from \($0)" }].compactMap { $0 }.joined(separator: ", ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm xxx"
        var text = "Your session on \(host)" + (place.isEmpty ? "" : " (\(place))")
        text += " was ended at \(formatter.string(from: endedAt)) by \(actor)"
        text += reason.isEmpty ? "." : ": \(reason)" + (reason.hasSuffix(".") ? "" : ".")
        if let contact, !contact.isEmpty { text += " Contact: \(contact)" + (contact.hasSuffix(".") ? "" : ".") }
        return TerminalText.sanitize(text, maxLength: 1000)
    }
}
