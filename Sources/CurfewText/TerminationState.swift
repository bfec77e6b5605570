/// Where a termination is in its life. `scheduled` -> `firing` -> `completed` | `failed`; or `cancelled`, `missed`.
public enum TerminationState: String, Sendable, Codable, CaseIterable {
    case scheduled
    case firing
    case completed
    case failed
    case cancelled
    case missed

    /// Whether nothing more will happen to a job in this state.
    public var isFinal: Bool {
        switch self {
        case .scheduled, .firing: false
        case .completed, .failed, .cancelled, .missed: true
        }
    }
}
