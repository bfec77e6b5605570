import Foundation

/// A due time read from user input: the UTC instant, and what the reader should know about how it was read.
public struct DueTime: Sendable, Equatable {
    public var instant: Date
    /// E.g. that an ambiguous local time took the earlier instant, or that 18:00 meant tomorrow.
    public var notes: [String]

    public init(instant: Date, notes: [String] = []) {
        self.instant = instant
        self.notes = notes
    }
}
