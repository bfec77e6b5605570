import Foundation

/// A notice as a desktop notification (`org.freedesktop.Notifications.Notify`): a plain summary, a body that is safe
/// from the notification server's markup, and an urgency.
public struct DesktopNotice: Sendable, Equatable, Codable {
    /// The specification's urgency levels (the `urgency` hint, a byte).
    public enum Urgency: String, Sendable, Equatable, Codable {
        case low, normal, critical

        public var level: UInt8 {
            switch self {
            case .low: 0
            case .normal: 1
            case .critical: 2
            }
        }
    }

    public var summary: String
    /// Plain text with `&`, `<` and `>` escaped: servers read a subset of HTML in bodies, and the reason is user input.
    public var body: String
    public var urgency: Urgency

    public init(summary: String, body: String, urgency: Urgency) {
        self.summary = summary
        self.body = body
        self.urgency = urgency
    }

    /// Escapes what a notification server would read as markup, so the text shows as it is.
    public static func escapeMarkup(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension Notice {
    /// The notice as a desktop shows it: what happens as the summary, when and why in the body; critical for the
    /// final notice, the last before the session ends.
    public func desktop(now: Date, zone: TimeZone = .current) -> DesktopNotice {
        let summary: String
        switch kind {
        case .scheduled, .step:
            let left = dueAt.timeIntervalSince(now)
            summary =
                left >= 1
                ? "This session will be ended in \(DurationText.spoken(left))" : "This session will be ended now"
        case .final: summary = "This session is being ended now"
        case .cancelled: summary = "The end of this session is cancelled"
        case .rescheduled: summary = "The end of this session has moved"
        }
        // The terminal's lines, already free of control characters, without the "curfew: " that the app name says.
        let lines = lines(now: now, zone: zone).map { $0.hasPrefix("curfew: ") ? String($0.dropFirst(8)) : $0 }
        let body = lines.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "\n")
        return DesktopNotice(
            summary: TerminalText.sanitize(summary),
            body: DesktopNotice.escapeMarkup(body),
            urgency: kind == .final ? .critical : .normal
        )
    }
}
