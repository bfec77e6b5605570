import Foundation

/// Reads due times as admins type them. Input without a zone is wall-clock time in `timeZone`.
public struct DueTimeParser: Sendable {
    public var timeZone: TimeZone
    public var now: Date

    public init(timeZone: TimeZone = .current, now: Date) {
        self.timeZone = timeZone
        self.now = now
    }

    public static let acceptedForms = """
        accepted: now; 18:00 or 18:00:30 (today, or tomorrow once past); today 18:00; tomorrow 18:00; \
        2026-11-24 18:00; ISO 8601 with an offset (2026-11-24T18:00:00+01:00, 2026-11-24T17:00:00Z); \
        any local form followed by a zone name (tomorrow 18:00 Europe/Berlin, 2026-11-24T18:00[Europe/Berlin]); \
        a duration from now (30m, 1h30m, in 2h)
        """

    /// The furthest ahead a job may be scheduled.
    static let horizon: TimeInterval = 10 * 366 * 86_400

    /// Parses `text` into a future instant, or says what was wrong and what is accepted.
    public func parse(_ text: String) throws(InputError) -> DueTime {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        guard !trimmed.isEmpty else { throw InputError("no time given; \(Self.acceptedForms)") }
        if lower == "now" { return DueTime(instant: now) }
        if let durationText = relative(lower) {
            let seconds: Int
            do {
                seconds = try DurationText.parse(durationText)
            } catch {
                throw InputError("\(error.message); or an absolute time: \(Self.acceptedForms)")
            }
            return try future(DueTime(instant: now.addingTimeInterval(TimeInterval(seconds))), text)
        }
        if let offsetTime = try isoWithOffset(trimmed) {
            return try future(DueTime(instant: offsetTime), text)
        }
        let (wallText, zone) = try splitZone(trimmed)
        guard let wall = try wallClock(wallText.lowercased(), text: text, zone: zone) else {
            throw InputError("'\(text)' is not a time I can read; \(Self.acceptedForms)")
        }
        return try future(wall, text)
    }

    /// "in 30m", "+30m" or "1h30m"; nil when the text is not meant as a duration.
    private func relative(_ lower: String) -> String? {
        var rest = lower
        if rest.hasPrefix("in ") {
            rest.removeFirst(3)
        } else if rest.hasPrefix("+") {
            rest.removeFirst()
        } else if !(rest.first?.isNumber ?? false) || rest.contains(":") || rest.contains("-") {
            return nil
        } else if !(rest.last.map { "dhms".contains($0) } ?? false) {
            return nil
        }
        return rest
    }

    private func future(_ due: DueTime, _ text: String) throws(InputError) -> DueTime {
        if due.instant < now {
            let ago = DurationText.spoken(now.timeIntervalSince(due.instant))
            throw InputError(
                "'\(text)' is in the past (\(TimeText.absolute(due.instant, in: timeZone)), \(ago) ago); give a future time or now"
            )
        }
        if due.instant.timeIntervalSince(now) > Self.horizon {
            throw InputError("'\(text)' is more than 10 years ahead; give a nearer time")
        }
        return due
    }

    // MARK: ISO 8601 with an explicit offset

    private static var isoOffset:
        Regex<(Substring, Substring, Substring, Substring, Substring, Substring, Substring?, Substring?, Substring)>
    {
        #/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)$/#
    }

    private func isoWithOffset(_ text: String) throws(InputError) -> Date? {
        guard let match = text.wholeMatch(of: Self.isoOffset) else { return nil }
        let fields = WallFields(
            year: Int(match.1)!,
            month: Int(match.2)!,
            day: Int(match.3)!,
            hour: Int(match.4)!,
            minute: Int(match.5)!,
            second: match.6.map { Int($0)! } ?? 0,
            fraction: match.7.map { Double("0." + $0)! } ?? 0
        )
        try fields.validate(text)
        let offset = try Self.offsetSeconds(String(match.8), text: text)
        return Date(timeIntervalSince1970: fields.secondsAsIfUTC - TimeInterval(offset))
    }

    private static func offsetSeconds(_ text: String, text original: String) throws(InputError) -> Int {
        if text.lowercased() == "z" { return 0 }
        let sign = text.hasPrefix("-") ? -1 : 1
        let digits = text.dropFirst().filter(\.isNumber)
        let hours = Int(digits.prefix(2))!
        let minutes = digits.count > 2 ? Int(digits.suffix(2))! : 0
        guard hours <= 18, minutes < 60 else {
            throw InputError("'\(original)' has an offset out of range: \(text); offsets go from -18:00 to +18:00")
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    // MARK: Wall-clock forms, local or in a named zone

    /// Splits a trailing zone name ("... Europe/Berlin" or "...[Europe/Berlin]") from the wall-clock part.
    private func splitZone(_ text: String) throws(InputError) -> (String, TimeZone?) {
        if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
            let name = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            return (String(text[..<open]), try Self.zone(named: name, in: text))
        }
        let words = text.split(separator: " ")
        guard words.count >= 2, let last = words.last, last.contains(where: \.isLetter) else { return (text, nil) }
        let lastWord = String(last)
        if ["today", "tomorrow"].contains(lastWord.lowercased()) { return (text, nil) }
        return (words.dropLast().joined(separator: " "), try Self.zone(named: lastWord, in: text))
    }

    private static func zone(named name: String, in text: String) throws(InputError) -> TimeZone {
        guard let zone = TimeZone(identifier: name) else {
            throw InputError(
                "'\(text)' names an unknown time zone '\(name)': use an IANA name such as Europe/Berlin, America/New_York or UTC"
            )
        }
        return zone
    }

    private static var dateTime: Regex<(Substring, Substring, Substring, Substring, Substring, Substring, Substring?)> {
        #/^(\d{4})-(\d{2})-(\d{2})[t ]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?$/#
    }
    private static var timeOfDay: Regex<(Substring, Substring?, Substring, Substring, Substring?)> {
        #/^(?:(today|tomorrow)\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/#
    }

    private func wallClock(_ lower: String, text: String, zone: TimeZone?) throws(InputError) -> DueTime? {
        let zone = zone ?? timeZone
        if let match = lower.wholeMatch(of: Self.dateTime) {
            let fields = WallFields(
                year: Int(match.1)!,
                month: Int(match.2)!,
                day: Int(match.3)!,
                hour: Int(match.4)!,
                minute: Int(match.5)!,
                second: match.6.map { Int($0)! } ?? 0
            )
            try fields.validate(text)
            return try LocalTimeResolver(zone: zone).resolve(fields, text: text)
        }
        guard let match = lower.wholeMatch(of: Self.timeOfDay) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let dayWord = match.1.map(String.init)
        let day = dayWord == "tomorrow" ? calendar.date(byAdding: .day, value: 1, to: now)! : now
        let date = calendar.dateComponents([.year, .month, .day], from: day)
        var fields = WallFields(
            year: date.year!,
            month: date.month!,
            day: date.day!,
            hour: Int(match.2)!,
            minute: Int(match.3)!,
            second: match.4.map { Int($0)! } ?? 0
        )
        try fields.validate(text)
        var due = try LocalTimeResolver(zone: zone).resolve(fields, text: text)
        // A bare time of day already past means the next one, as `at` and `shutdown` read it.
        if dayWord == nil, due.instant < now {
            let next = calendar.dateComponents(
                [.year, .month, .day],
                from: calendar.date(byAdding: .day, value: 1, to: now)!
            )
            fields.year = next.year!
            fields.month = next.month!
            fields.day = next.day!
            due = try LocalTimeResolver(zone: zone).resolve(fields, text: text)
            due.notes.append("\(text.trimmingCharacters(in: .whitespaces)) has passed today; taken as tomorrow")
        }
        return due
    }
}
