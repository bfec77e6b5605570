import ArgumentParser
import CurfewCore
import Foundation

/// Checks on a due time given as `--at` or `--in`, before anything is sent. The time itself is the daemon's to read
/// (it owns the time zone); only what curfewctl can tell for sure is checked here.
enum DueTimeValidation {
    /// Exactly one way of saying when.
    static func exactlyOne(_ given: [(String, Bool)]) throws {
        let names = given.map(\.0).joined(separator: ", ")
        switch given.filter(\.1).count {
        case 0: throw ValidationError("say when: one of \(names)")
        case 1: return
        default: throw ValidationError("give only one of \(names)")
        }
    }

    /// `--at now` would skip the confirmation that `--now` asks for.
    static func checkAt(_ at: String?) throws {
        guard let at else { return }
        if at.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--at needs a time such as 18:00") }
        if at.trimmingCharacters(in: .whitespaces).lowercased() == "now" {
            throw ValidationError("to end sessions now, use --now (it asks for confirmation)")
        }
    }

    static func checkIn(_ within: String?) throws {
        guard let within else { return }
        _ = try validating { () throws(InputError) in try DurationText.parse(within) }
    }
}
