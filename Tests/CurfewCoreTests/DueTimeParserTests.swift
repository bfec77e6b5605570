import CurfewCore
import Foundation
import Testing

/// Due times as admins type them, in a named zone with daylight saving time.
@Suite struct DueTimeParserTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// 2026-11-25 10:00:00 CET.
    static let now = Date(timeIntervalSince1970: 1_795_597_200 + 3_600 * 0)
    let parser = DueTimeParser(timeZone: berlin, now: now)

    func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test func nowIsNow() throws {
        #expect(try parser.parse("now").instant == Self.now)
        #expect(try parser.parse(" NOW ").instant == Self.now)
    }

    @Test(arguments: [("30m", 1800.0), ("1h30m", 5400), ("in 2h", 7200), ("+90s", 90), ("2d", 172_800)])
    func durationsCountFromNow(text: String, seconds: Double) throws {
        #expect(try parser.parse(text).instant == Self.now.addingTimeInterval(seconds))
    }

    @Test func timeOfDayLaterTodayIsToday() throws {
        #expect(try parser.parse("18:00").instant == utc("2026-11-25T17:00:00Z"))
        #expect(try parser.parse("today 18:00:30").instant == utc("2026-11-25T17:00:30Z"))
    }

    @Test func timeOfDayAlreadyPastMeansTomorrowAndSaysSo() throws {
        let due = try parser.parse("08:00")
        #expect(due.instant == utc("2026-11-26T07:00:00Z"))
        #expect(due.notes == ["08:00 has passed today; taken as tomorrow"])
    }

    @Test func explicitTodayInThePastIsRefused() throws {
        let error = #expect(throws: InputError.self) { try parser.parse("today 08:00") }
        #expect(error?.message.contains("is in the past") == true)
    }

    @Test func tomorrowAndDates() throws {
        #expect(try parser.parse("tomorrow 18:00").instant == utc("2026-11-26T17:00:00Z"))
        #expect(try parser.parse("2026-12-24 18:00").instant == utc("2026-12-24T17:00:00Z"))
        #expect(try parser.parse("2026-12-24T18:00:15").instant == utc("2026-12-24T17:00:15Z"))
    }

    @Test func isoWithOffsetOrZoneName() throws {
        #expect(try parser.parse("2026-12-24T18:00:00+01:00").instant == utc("2026-12-24T17:00:00Z"))
        #expect(try parser.parse("2026-12-24T17:00:00Z").instant == utc("2026-12-24T17:00:00Z"))
        #expect(try parser.parse("2026-12-24T12:00:00.250-0500").instant == utc("2026-12-24T17:00:00.250Z"))
        #expect(try parser.parse("2026-12-24 12:00 America/New_York").instant == utc("2026-12-24T17:00:00Z"))
        #expect(try parser.parse("2026-12-24T18:00[Europe/Berlin]").instant == utc("2026-12-24T17:00:00Z"))
        #expect(try parser.parse("tomorrow 17:00 UTC").instant == utc("2026-11-26T17:00:00Z"))
    }

    @Test func localTimeSkippedByTheSpringGapIsRefusedWithTheReason() throws {
        let error = #expect(throws: InputError.self) { try parser.parse("2027-03-28 02:30") }
        #expect(
            error?.message
                == "'2027-03-28 02:30': 2027-03-28 02:30 does not exist in Europe/Berlin: the clocks jump from 02:00 to 03:00 for daylight saving time; choose a time outside the gap"
        )
    }

    @Test func localTimeRepeatedInTheAutumnTakesTheEarlierInstantAndSaysSo() throws {
        let due = try parser.parse("2027-10-31 02:30")
        #expect(due.instant == utc("2027-10-31T00:30:00Z"))  // 02:30 CEST, not 02:30 CET
        #expect(due.notes.count == 1)
        #expect(due.notes[0].hasPrefix("2027-10-31 02:30 happens twice in Europe/Berlin"))
    }

    @Test func timesJustOutsideTheGapAreFine() throws {
        #expect(try parser.parse("2027-03-28 01:59").instant == utc("2027-03-28T00:59:00Z"))
        #expect(try parser.parse("2027-03-28 03:00").instant == utc("2027-03-28T01:00:00Z"))
    }

    @Test func pastInstantsAreRefused() throws {
        let error = #expect(throws: InputError.self) { try parser.parse("2026-11-24 18:00") }
        #expect(
            error?.message.hasPrefix("'2026-11-24 18:00' is in the past (2026-11-24 18:00:00 +01:00 (17:00:00 UTC)")
                == true
        )
    }

    @Test(arguments: [
        "soon", "18", "25:00", "18:61", "2026-02-30 10:00", "2026-13-01 10:00", "tomorrow", "30x", "1m1h", "0m",
        "2026-12-24 18:00 Mars/Olympus", "2026-12-24T18:00:00+25:00", "", "in", "99999999999d",
    ])
    func badInputIsRefusedWithWhatIsAccepted(text: String) throws {
        let error = #expect(throws: InputError.self) { try parser.parse(text) }
        let message = try #require(error?.message)
        let explains = [
            "accepted:", "not a valid date", "not a valid time of day", "unknown time zone", "offset out of range",
            "too long a duration", "not a duration",
        ]
        #expect(explains.contains { message.contains($0) }, "\(message)")
    }

    @Test func moreThanTenYearsAheadIsRefused() throws {
        #expect(throws: InputError.self) { try parser.parse("2040-01-01 10:00") }
    }
}
