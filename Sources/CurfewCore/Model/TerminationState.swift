import Foundation

extension TerminationState {
    /// Parses a state as users type it.
    public init(parsing text: String) throws(InputError) {
        guard let state = TerminationState(rawValue: text.lowercased()) else {
            let accepted = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError("'\(text)' is not a termination state: expected one of \(accepted)")
        }
        self = state
    }
}

/// One entry of a termination's history, written before its effect is reported.
public struct Transition: Sendable, Equatable, Codable {
    public var from: TerminationState?
    public var to: TerminationState
    public var at: Date
    public var note: String?

    public init(from: TerminationState?, to: TerminationState, at: Date, note: String? = nil) {
        self.from = from
        self.to = to
        self.at = at
        self.note = note
    }
}
