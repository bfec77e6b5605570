/// How long before the due time users are warned, e.g. 15m,5m,1m. Leads are distinct and sorted, longest first.
public struct NoticePlan: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Seconds before the due time, longest first.
    public private(set) var leads: [Int]

    public static let standard = NoticePlan(validLeads: [900, 300, 60])
    public static let none = NoticePlan(validLeads: [])

    private init(validLeads: [Int]) { self.leads = validLeads }

    /// Checks leads given as seconds.
    public init(leads: [Int]) throws(InputError) {
        guard leads.allSatisfy({ $0 > 0 }) else {
            throw InputError("notice leads must be positive durations such as 15m or 30s")
        }
        guard Set(leads).count == leads.count else {
            throw InputError("notice plan lists the same lead twice: \(leads.map(DurationText.format))")
        }
        self.leads = leads.sorted(by: >)
    }

    /// Parses "15m,5m,1m"; "none" or "" means no notice steps.
    public init(parsing text: String) throws(InputError) {
        let trimmed = text.trimmingBlanks()
        if trimmed.isEmpty || trimmed.lowercased() == "none" {
            self = .none
            return
        }
        var leads: [Int] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            do {
                leads.append(try DurationText.parse(String(part)))
            } catch {
                throw InputError(
                    "notice plan '\(text)': \(error.message); expected comma-separated durations such as 15m,5m,1m, or none"
                )
            }
        }
        try self.init(leads: leads)
    }

    public var description: String {
        leads.isEmpty ? "none" : leads.map(DurationText.format).joined(separator: ",")
    }

    public init(from decoder: any Decoder) throws {
        let leads = try decoder.singleValueContainer().decode([Int].self)
        self = try NoticePlan(leads: leads)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(leads)
    }
}
