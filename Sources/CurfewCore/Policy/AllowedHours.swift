import Foundation

/// `hours: {allow: "Mon-Fri 08:00-22:00", zone: Europe/Berlin}`: weekly windows of wall-clock time in a zone. A
/// window whose end is not after its start crosses midnight (22:00-06:00 runs into the next day). Wall times are
/// turned into instants in the zone: a time the clocks skip (DST gap) is the moment they jump, a time they repeat is
/// the earlier one, as for due times.
public struct AllowedHours: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        /// Weekdays the window opens on, 1 = Sunday ... 7 = Saturday (Calendar's numbering).
        public var days: Set<Int>
        /// Minutes after midnight; `end` may be 1440 (24:00).
        public var start: Int
        public var end: Int

        var crossesMidnight: Bool { end <= start }
    }

    public var windows: [Window]
    public var zone: TimeZone
    /// As the admin wrote it.
    public var text: String

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    public static let accepted =
        "ranges such as \"Mon-Fri 08:00-22:00\" or [\"Mon-Fri 08:00-18:00\", \"Sat 10:00-14:00\"] (days Mon..Sun, optional; times HH:MM, 24:00 allowed as an end; an end before the start crosses midnight)"

    public init(ranges: [String], zone: TimeZone) throws(InputError) {
        var windows: [Window] = []
        for range in ranges {
            windows.append(try Self.window(range))
        }
        guard !windows.isEmpty else { throw InputError("no ranges given: the allowed time would never open") }
        self.windows = windows
        self.zone = zone
        self.text = ranges.joined(separator: "; ")
    }

    private static func window(_ range: String) throws(InputError) -> Window {
        let parts = range.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard (1...2).contains(parts.count) else { throw InputError("'\(range)' is not a range") }
        let days = parts.count == 2 ? try Self.days(parts[0], range) : Set(1...7)
        let times = parts[parts.count - 1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard times.count == 2, let start = minutes(times[0]), let end = minutes(times[1]), start < 1440 else {
            throw InputError("'\(range)': the times must be HH:MM-HH:MM, e.g. 08:00-22:00")
        }
        guard start != end % 1440 || (start == 0 && end == 1440) else {
            throw InputError("'\(range)': the window opens and closes at the same time, so it never opens")
        }
        return Window(days: days, start: start, end: end == 0 ? 1440 : end)
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
            (0...23).contains(hour) || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }

    private static func days(_ text: String, _ range: String) throws(InputError) -> Set<Int> {
        var days: Set<Int> = []
        for item in text.lowercased().split(separator: ",") {
            let ends = item.split(separator: "-").map(String.init)
            guard (1...2).contains(ends.count), let first = dayNames.firstIndex(of: ends[0]),
                let last = dayNames.firstIndex(of: ends[ends.count - 1])
            else {
                throw InputError(
                    "'\(range)': '\(text)' is not a day list; use Mon, Tue, ... Sun, ranges like Mon-Fri, commas"
                )
            }
            var day = first
            while true {
                days.insert(day + 1)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return days
    }

    /// Whether sessions are allowed at `instant`.
    public func isOpen(at instant: Date) -> Bool {
        Self.isOpen(at: instant, in: intervals(around: instant))
    }

    /// When the allowed time that holds `instant` closes; nil when `instant` is outside it, or when it never closes
    /// in the week ahead (a window open around the clock).
    public func closing(after instant: Date) -> Date? {
        Self.closing(after: instant, in: intervals(around: instant))
    }

    /// `isOpen(at:)` over intervals already worked out (`intervals(around:)` of an instant up to a day earlier).
    public static func isOpen(at instant: Date, in intervals: [DateInterval]) -> Bool {
        intervals.contains { $0.contains(instant) && $0.end != instant }
    }

    /// `closing(after:)` over intervals already worked out (`intervals(around:)` of an instant up to a day earlier).
    public static func closing(after instant: Date, in intervals: [DateInterval]) -> Date? {
        guard let open = intervals.first(where: { $0.contains(instant) && $0.end != instant }) else { return nil }
        return open.end > instant.addingTimeInterval(7 * 86_400) ? nil : open.end
    }

    /// When the allowed time next opens at or after `instant`.
    public func opening(after instant: Date) -> Date? {
        intervals(around: instant).first { $0.start >= instant }?.start
    }

    /// The windows as instants from the day before `instant` to 8 days after, overlapping ones merged.
    public func intervals(around instant: Date) -> [DateInterval] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: instant)
        var spans: [DateInterval] = []
        for offset in -1...8 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            let weekday = calendar.component(.weekday, from: day)
            for window in windows where window.days.contains(weekday) {
                let start = wall(window.start, on: day, calendar)
                let end = wall(window.end, on: day, calendar, nextDay: window.crossesMidnight)
                if let start, let end, end > start { spans.append(DateInterval(start: start, end: end)) }
            }
        }
        spans.sort { $0.start < $1.start }
        var merged: [DateInterval] = []
        for span in spans {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1] = DateInterval(start: last.start, end: max(last.end, span.end))
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// The instant of a wall-clock time (minutes after midnight) on `day`, or on the day after.
    private func wall(_ minutes: Int, on day: Date, _ calendar: Calendar, nextDay: Bool = false) -> Date? {
        let base = nextDay || minutes == 1440 ? calendar.date(byAdding: .day, value: 1, to: day) : day
        guard let base else { return nil }
        let minute = minutes % 1440
        return calendar.date(
            bySettingHour: minute / 60,
            minute: minute % 60,
            second: 0,
            of: base,
            matchingPolicy: .nextTime,
            repeatedTimePolicy: .first,
            direction: .forward
        )
    }
}
