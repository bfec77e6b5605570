import CurfewCore

/// Rows of text in aligned columns under upper-case titles.
///
/// Every cell goes through `TerminalText.sanitize`: cells hold what other users typed (reasons, names, notes), and
/// an escape sequence in them must not reach the admin's terminal.
struct Table {
    struct Column: ExpressibleByStringLiteral {
        enum Alignment {
            case left
            case right
        }

        var title: String
        var alignment: Alignment

        init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }

        init(stringLiteral title: String) {
            self.init(title)
        }
    }

    static let gap = "  "

    var columns: [Column]
    /// Whether the titles are printed as the first line; a key-value list has none.
    var showsTitles: Bool
    private(set) var rows: [[String]] = []

    init(_ columns: [Column], showsTitles: Bool = true) {
        self.columns = columns
        self.showsTitles = showsTitles
    }

    /// Adds a row; missing cells are empty, extra cells are dropped.
    mutating func append(_ cells: [String]) {
        let safe = cells.prefix(columns.count).map { TerminalText.sanitize($0) }
        rows.append(safe + Array(repeating: "", count: columns.count - safe.count))
    }

    /// The lines, without a final newline; no line ends in spaces.
    func render() -> String {
        let lines = showsTitles ? [columns.map(\.title)] + rows : rows
        let widths = columns.indices.map { index in lines.map { $0[index].count }.max() ?? 0 }
        return lines.map { cells in
            let padded = columns.indices.map { index in
                let cell = cells[index]
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                switch columns[index].alignment {
                case .left: return cell + padding
                case .right: return padding + cell
                }
            }
            return String(padded.joined(separator: Self.gap).trimmingSuffix { $0 == " " })
        }
        .joined(separator: "\n")
    }
}

extension StringProtocol {
    /// The text without the trailing characters that match.
    fileprivate func trimmingSuffix(while matches: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, matches(self[index(before: end)]) {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
