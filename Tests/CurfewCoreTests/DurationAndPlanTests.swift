import CurfewCore
import Testing

@Suite struct DurationTextTests {
    @Test(arguments: [("90s", 90), ("15m", 900), ("1h30m", 5400), ("2d3h", 183_600), ("1H", 3600), (" 5m ", 300)])
    func parses(text: String, seconds: Int) throws {
        #expect(try DurationText.parse(text) == seconds)
    }

    @Test(arguments: ["", "m", "15", "15x", "1m1h", "1h1h", "-5m", "0s", "1.5h", "5 m"])
    func refuses(text: String) {
        #expect(throws: InputError.self) { try DurationText.parse(text) }
    }

    @Test func formatsLikeItParses() {
        #expect(DurationText.format(5400) == "1h30m")
        #expect(DurationText.format(60) == "1m")
        #expect(DurationText.spoken(7380) == "2 h 3 min")
        #expect(DurationText.spoken(45) == "45 s")
    }
}

@Suite struct NoticePlanTests {
    @Test func parsesAndSortsLongestFirst() throws {
        #expect(try NoticePlan(parsing: "1m,15m,5m").leads == [900, 300, 60])
        #expect(try NoticePlan(parsing: "none") == .none)
        #expect(NoticePlan.standard.description == "15m,5m,1m")
    }

    @Test func refusesDuplicatesAndGarbageSayingWhatIsAccepted() throws {
        #expect(throws: InputError.self) { try NoticePlan(parsing: "5m,300s") }
        let error = #expect(throws: InputError.self) { try NoticePlan(parsing: "15m,,1m") }
        #expect(error?.message.contains("expected comma-separated durations such as 15m,5m,1m") == true)
    }

    @Test func stepsAlreadyPastAreSkipped() throws {
        let due = Date(timeIntervalSince1970: 10_000)
        #expect(NoticePlan.standard.firstStep(due: due, now: due.addingTimeInterval(-400)) == 1)
        #expect(NoticePlan.standard.firstStep(due: due, now: due.addingTimeInterval(-1000)) == 0)
        #expect(NoticePlan.standard.firstStep(due: due, now: due) == 3)
    }
}

import Foundation
