/// Durations as admins type them: 30s, 15m, 1h30m, 2d.
public enum DurationText {
    static let units: [(Character, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
    static let accepted = "a positive duration such as 90s, 15m, 1h30m or 2d (units d, h, m, s)"
    /// Longer than any termination anyone means; keeps arithmetic far from overflow.
    static let maximum = 10 * 366 * 86_400

    /// Parses a positive whole number of seconds.
    public static func parse(_ text: String) throws(InputError) -> Int {
        let trimmed = text.trimmingBlanks()
        var total = 0
        var digits = ""
        var lastUnit = -1
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let unit = units.firstIndex(where: { $0.0 == Character(character.lowercased()) }) else {
                throw InputError("'\(text)' is not a duration: unexpected '\(character)'; expected \(accepted)")
            }
            guard !digits.isEmpty else {
                throw InputError(
                    "'\(text)' is not a duration: '\(character)' has no number before it; expected \(accepted)"
                )
            }
            guard unit > lastUnit else {
                throw InputError(
                    "'\(text)' is not a duration: units must go from largest to smallest, each once; expected \(accepted)"
                )
            }
            guard let value = Int(digits), value <= maximum else {
                throw InputError("'\(text)' is too long a duration: at most 3660d")
            }
            total += value * units[unit].1
            lastUnit = unit
            digits = ""
        }
        guard digits.isEmpty, lastUnit >= 0 else {
            throw InputError("'\(text)' is not a duration: every number needs a unit; expected \(accepted)")
        }
        guard total > 0 else {
            throw InputError("'\(text)' is not a duration: it must be longer than zero; expected \(accepted)")
        }
        guard total <= maximum else {
            throw InputError("'\(text)' is too long a duration: at most 3660d")
        }
        return total
    }

    /// 5400 -> "1h30m", 60 -> "1m", 0 -> "0s".
    public static func format(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, size) in units where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// Time left for humans: "2 h 3 min", "45 s", "3 d 4 h".
    public static func spoken(_ interval: Double) -> String {
        let seconds = Int(interval.rounded())
        if seconds < 60 { return "\(max(seconds, 0)) s" }
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3_600
        let minutes = seconds % 3_600 / 60
        let secs = seconds % 60
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
        return secs > 0 && minutes < 10 ? "\(minutes) min \(secs) s" : "\(minutes) min"
    }
}
