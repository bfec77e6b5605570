/// A command line read the way swift-argument-parser reads curfewctl's, for the options the quick path knows:
/// `--name value`, `--name=value` and flags. Whatever it does not know for certain (an unknown or repeated option,
/// a positional argument, a value that looks like an option) makes `nil`, and the full curfewctl takes the line.
struct QuickArguments {
    private var words: ArraySlice<String>

    init(_ words: [String]) { self.words = words[...] }

    enum Item: Equatable {
        case flag(String)
        case option(String, String)
        /// An option that takes every value up to the next option (`--session 12 14`).
        case list(String, [String])
    }

    /// Reads every item; `options` take one value, `lists` one or more, `flags` none.
    mutating func items(options: Set<String>, lists: Set<String> = [], flags: Set<String>) -> [Item]? {
        var items: [Item] = []
        var seen: Set<String> = []
        while let word = words.popFirst() {
            guard word.hasPrefix("--"), word.count > 2 else { return nil }
            var name = String(word.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard seen.insert(name).inserted else { return nil }
            if flags.contains(name) {
                guard inline == nil else { return nil }
                items.append(.flag(name))
            } else if options.contains(name) {
                guard let value = inline ?? value() else { return nil }
                items.append(.option(name, value))
            } else if lists.contains(name) {
                var values = inline.map { [$0] } ?? []
                while let next = words.first, !next.hasPrefix("-") {
                    values.append(next)
                    words.removeFirst()
                }
                guard !values.isEmpty else { return nil }
                items.append(.list(name, values))
            } else {
                return nil
            }
        }
        return items
    }

    /// The next word as an option's value, unless it looks like an option itself.
    private mutating func value() -> String? {
        guard let next = words.first, !next.hasPrefix("-") else { return nil }
        words.removeFirst()
        return next
    }
}
