import PostgresNIO

/// What went wrong with the fleet database, in words an admin can act on. PSQLError's own description hides the
/// server's message on purpose; the server's message and the failing connection's cause are what an admin needs.
enum FleetErrorText {
    static func describe(_ error: any Error) -> String {
        if let error = error as? FleetError { return error.message }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "the fleet database said: \(message)"
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresTransactionError {
            return error.closureError.map(describe) ?? error.commitError.map(describe) ?? "\(error)"
        }
        return "\(error)"
    }
}
