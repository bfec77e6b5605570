/// Waits between reconnection attempts: 1 s doubling to a ceiling, with jitter so a fleet that lost its database
/// together does not come back in one burst.
struct FleetBackoff: Sendable {
    var ceiling: Double
    private var attempt = 0

    init(ceiling: Double) {
        self.ceiling = ceiling
    }

    mutating func next() -> Double {
        let base = min(ceiling, Double(1 << min(attempt, 16)))
        attempt += 1
        return base * Double.random(in: 0.75...1.0)
    }

    mutating func reset() {
        attempt = 0
    }
}
