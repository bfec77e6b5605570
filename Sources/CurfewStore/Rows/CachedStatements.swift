import GRDB

extension Database {
    /// Runs one statement that is prepared once per connection and kept (GRDB's statement cache): the updates made
    /// for every job (firing, outcomes, the outbox) go through here, new rows through `NewRows`. Preparing them anew
    /// each time parsed the SQL and ran GRDB's authorizer for every row, the largest cost of a batch after the rows
    /// themselves (issue 16).
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
