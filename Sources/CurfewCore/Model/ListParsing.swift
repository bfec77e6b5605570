/// A word from a closed set (an event type, an audit action) that query parameters and config lists give
/// repeated or comma-separated.
public protocol ListParsable: Hashable {
    init(parsing text: String) throws(InputError)
    /// What one item is called in errors: "event type".
    static var itemName: String { get }
    /// Every accepted item, comma-separated, for errors.
    static var accepted: String { get }
}

extension ListParsable {
    /// Items as given in repeated or comma-separated form ("a,b" "c"); empty items are refused.
    public static func parseList(_ items: [String]) throws(InputError) -> Set<Self> {
        var parsed: Set<Self> = []
        for item in items {
            for part in item.split(separator: ",", omittingEmptySubsequences: false) {
                guard !part.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw InputError(
                        "'\(item)' has an empty \(itemName): give \(itemName)s separated by commas, from \(accepted)"
                    )
                }
                parsed.insert(try Self(parsing: String(part)))
            }
        }
        return parsed
    }
}
