import GRDB
import GRDBSQLite
import Synchronization

/// One value of a new row, as SQLite stores it.
enum SQLValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    init(_ value: Bool) { self = .integer(value ? 1 : 0) }
}

/// New rows of one table, written in `db`'s transaction in statements of `rowsPerStatement` rows each: a statement is
/// run as soon as it is full, and `write` runs the last one.
///
/// The writes of a batch (a job's row, its transition, audit entry, event and the event's users) went through GRDB's
/// `StatementArguments` one row at a time: boxing every value, then binding it through nested closures, cost more than
/// SQLite's own work (issue 16). Here the values are bound straight to a statement GRDB prepared and keeps (its
/// statement cache), and a statement carries many rows, so SQLite runs one statement where it ran 64.
struct NewRows {
    static let rowsPerStatement = 64

    let table: String
    let columns: [String]
    private let db: Database
    private var values: [SQLValue] = []

    init(_ table: String, _ columns: [String], _ db: Database) {
        self.table = table
        self.columns = columns
        self.db = db
        values.reserveCapacity(Self.rowsPerStatement * columns.count)
    }

    var isEmpty: Bool { values.isEmpty }

    /// The next row appended fills the statement and writes it: the rows it refers to must be written first.
    var writesWithNextRow: Bool { values.count + columns.count == Self.rowsPerStatement * columns.count }

    /// Adds a row: one value per column, in the columns' order. A full statement is written at once, so the rows it
    /// refers to (a job before its transition) must be written by then.
    mutating func append(_ row: SQLValue...) throws {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        values.append(contentsOf: row)
        if values.count == Self.rowsPerStatement * columns.count { try write() }
    }

    /// Writes the rows not yet written.
    mutating func write() throws {
        guard !values.isEmpty else { return }
        try execute(Self.sql(table, columns, rows: values.count / columns.count))
        values.removeAll(keepingCapacity: true)
    }

    /// The SQL of a statement of `rows` rows, made once per table and size: it is also the key of GRDB's statement
    /// cache, and making it anew for every statement was a twentieth of a single job's insert.
    private static func sql(_ table: String, _ columns: [String], rows: Int) -> String {
        let shape = StatementShape(table: table, rows: rows)
        if let known = statements.withLock({ $0[shape] }) { return known }
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
        statements.withLock { $0[shape] = sql }
        return sql
    }

    private struct StatementShape: Hashable {
        var table: String
        var rows: Int
    }

    private static let statements = Mutex<[StatementShape: String]>([:])

    private func execute(_ sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        // A failed step leaves its error on the statement until reset; resetting here keeps it usable next time.
        defer { withExtendedLifetime(statement) { _ = sqlite3_reset(handle) } }
        for (index, value) in zip(Int32(1)..., values) {
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(var text):
                code = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        // An empty buffer may have no address, and a null address would bind NULL, not ''.
                        guard let start = chars.baseAddress else {
                            return sqlite3_bind_text(handle, index, "", 0, transient)
                        }
                        return sqlite3_bind_text(handle, index, start, Int32(chars.count), transient)
                    }
                }
            }
            guard code == SQLITE_OK else { throw db.error(code, sql) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw db.error(code, sql) }
    }
}

/// SQLite copies the bytes before the bind returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension Database {
    /// The error SQLite reports for a statement run through its C API.
    func error(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqliteConnection)),
            sql: sql
        )
    }

    /// The id the next new row of `table` (an AUTOINCREMENT table) will be given: one more than any it ever had. Rows
    /// of a batch are given their ids up front, so the rows that refer to them can be written in the same statements.
    func nextID(of table: String) throws -> Int64 {
        let used = try Int64.fetchOne(
            cachedStatement(
                sql: """
                    SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
                               coalesce((SELECT max(id) FROM \(table)), 0))
                    """
            ),
            arguments: [table]
        )
        return (used ?? 0) + 1
    }
}
