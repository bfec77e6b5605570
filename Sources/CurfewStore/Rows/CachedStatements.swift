import GRDB

extension Database {
    /// Runs one statement that is prepared once per connection and kept (GRDB's statement cache). The writes made
    /// for every job (scheduling, firing, transitions, audit, events, the outbox) go through here: preparing them
    /// anew each time parsed the SQL and ran GRDB's authorizer for every row, the largest cost of a batch after the
    /// rows themselves (issue 16).
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
