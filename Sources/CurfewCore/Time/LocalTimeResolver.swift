import Foundation

/// Calendar fields of a wall-clock time, not yet tied to a zone.
struct WallFields: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var fraction: Double = 0

    /// Rejects impossible dates and times (2026-02-30, 24:00, 18:61).
    func validate(_ text: String) throws(InputError) {
        guard (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            throw InputError(
                "'\(text)' is not a valid date: expected YYYY-MM-DD with a month 01-12 and a day that exists"
            )
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            throw InputError("'\(text)' is not a valid time of day: expected HH:MM or HH:MM:SS from 00:00 to 23:59:59")
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let date = utc.date(from: DateComponents(year: year, month: month, day: day))!
        guard utc.component(.day, from: date) == day else {
            throw InputError(
                "'\(text)' is not a valid date: \(String(format: "%04d-%02d", year, month)) has no day \(day)"
            )
        }
    }

    /// The instant these fields name if they were UTC.
    var secondsAsIfUTC: TimeInterval {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let date = utc.date(
            from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        )!
        return date.timeIntervalSince1970 + fraction
    }

    var text: String { String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute) }
}

/// Turns wall-clock fields into an instant in a zone, refusing times a DST gap skips and choosing the earlier
/// of the two instants a DST overlap repeats.
struct LocalTimeResolver {
    var zone: TimeZone

    func resolve(_ fields: WallFields, text: String) throws(InputError) -> DueTime {
        let wall = fields.secondsAsIfUTC
        // Offsets in force around this wall time; a valid instant is one whose own offset is the one used.
        let offsets = Set(
            [-86_400.0, 0, 86_400].map { zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + $0)) }
        )
        let instants = offsets.map { Date(timeIntervalSince1970: wall - TimeInterval($0)) }
            .filter { offsets.contains(zone.secondsFromGMT(for: $0)) && isWall(fields, at: $0) }
            .sorted()
        guard let first = instants.first else {
            throw InputError("'\(text)': \(fields.text) does not exist in \(zone.identifier): \(gapReason(wall))")
        }
        guard instants.count > 1 else { return DueTime(instant: first) }
        let note =
            "\(fields.text) happens twice in \(zone.identifier) (daylight saving time ends); "
            + "took the earlier one, \(TimeText.absolute(first, in: zone))"
        return DueTime(instant: first, notes: [note])
    }

    private func isWall(_ fields: WallFields, at instant: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return c.year == fields.year && c.month == fields.month && c.day == fields.day && c.hour == fields.hour
            && c.minute == fields.minute && c.second == fields.second
    }

    private func gapReason(_ wall: TimeInterval) -> String {
        let before = Date(timeIntervalSince1970: wall - 86_400)
        guard let change = zone.nextDaylightSavingTimeTransition(after: before) else {
            return "the clocks skip it; choose another time"
        }
        let from = TimeText.clock(change, offset: zone.secondsFromGMT(for: change.addingTimeInterval(-1)))
        let to = TimeText.clock(change, offset: zone.secondsFromGMT(for: change))
        return "the clocks jump from \(from) to \(to) for daylight saving time; choose a time outside the gap"
    }
}
