/// How long to wait before trying again: `initial` seconds, doubling each time up to `maximum`, until `reset()`.
struct ReconnectBackoff: Sendable {
    var initial = 0.1
    var maximum = 5.0
    private var failures = 0

    /// The delay before the next try; each call counts a failure.
    mutating func next() -> Double {
        defer { failures += 1 }
        return min(initial * Double(1 << min(failures, 32)), maximum)
    }

    /// How many failures in a row so far.
    var count: Int { failures }

    mutating func reset() {
        failures = 0
    }
}
