import ArgumentParser

/// Which page of a long list to fetch; the daemon's bounds, checked before asking it.
struct PageOptions: ParsableArguments {
    @Option(help: "At most this many rows, 1 to 1000.")
    var limit = 100

    @Option(help: "Skip this many rows first.")
    var offset = 0

    func validate() throws {
        guard (1...1000).contains(limit) else {
            throw ValidationError("--limit is \(limit); expected a number from 1 to 1000")
        }
        guard offset >= 0 else {
            throw ValidationError("--offset is \(offset); expected 0 or more")
        }
    }

    var query: [(String, String?)] {
        [("limit", String(limit)), ("offset", String(offset))]
    }
}
