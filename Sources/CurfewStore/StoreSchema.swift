import GRDB

/// The store's tables, by named forward-only migrations. Never edit a shipped migration: add one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: terminations") { db in
            try db.create(table: "termination") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("target", .text).notNull()
                t.column("target_user", .text)
                t.column("due_at", .double).notNull()
                t.column("reason", .text).notNull()
                t.column("notices", .text).notNull()
                t.column("next_notice", .integer).notNull().defaults(to: 0)
                t.column("caller_uid", .integer).notNull()
                t.column("caller_name", .text).notNull()
                t.column("caller_pid", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("fired_at", .double)
                // Set once the sessions to end are chosen and written; recovery never chooses twice.
                t.column("resolved_at", .double)
                t.column("finished_at", .double)
                t.column("dry_run", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "termination_pending", on: "termination", columns: ["state", "due_at"])
            try db.create(index: "termination_user", on: "termination", columns: ["target_user"])

            try db.create(table: "transition") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("termination_id", .integer).notNull().indexed().references("termination", onDelete: .cascade)
                t.column("from_state", .text)
                t.column("to_state", .text).notNull()
                t.column("at", .double).notNull()
                t.column("note", .text)
            }

            try db.create(table: "session_outcome") { t in
                t.column("termination_id", .integer).notNull().indexed().references("termination", onDelete: .cascade)
                t.column("session_id", .text).notNull()
                t.column("user", .text).notNull()
                t.column("result", .text).notNull()
                t.column("error", .text)
                t.column("at", .double)
                t.primaryKey(["termination_id", "session_id"])
            }

            try db.create(table: "notice") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("termination_id", .integer).notNull().indexed().references("termination", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("lead", .integer)
                t.column("at", .double).notNull()
                t.column("sessions", .text).notNull()
                t.column("delivered", .integer).notNull()
                t.column("dry_run", .boolean).notNull()
            }
        }
        migrator.registerMigration("v2: audit and idempotency") { db in
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .double).notNull().indexed()
                t.column("uid", .integer).notNull()
                t.column("user", .text).notNull()
                t.column("pid", .integer).notNull()
                t.column("action", .text).notNull().indexed()
                t.column("target", .text)
                t.column("target_user", .text)
                t.column("termination_id", .integer)
                t.column("session_id", .text)
                t.column("reason", .text)
                t.column("result", .text).notNull()
            }
            // Append-only, whoever writes to the file.
            try db.execute(
                sql: """
                    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                    """
            )
            try db.create(table: "idempotency") { t in
                t.column("key", .text).notNull()
                t.column("uid", .integer).notNull()
                t.column("request_hash", .text).notNull()
                t.column("termination_id", .integer).notNull().references("termination", onDelete: .cascade)
                t.column("created_at", .double).notNull()
                t.primaryKey(["key", "uid"])
            }
        }
        migrator.registerMigration("v3: events") { db in
            // AUTOINCREMENT: an id is never reused, even after the newest events are pruned.
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .double).notNull().indexed()
                t.column("type", .text).notNull()
                t.column("termination_id", .integer)
                t.column("session_id", .text)
                t.column("users", .text).notNull()
                t.column("all_users", .boolean).notNull()
                t.column("summary", .text).notNull()
                t.column("details", .text).notNull()
            }
            // Who each event concerns, for a user's own stream; '*' for events about every user.
            try db.create(table: "event_user") { t in
                t.column("user", .text).notNull()
                t.column("event_id", .integer).notNull().references("event", onDelete: .cascade)
                t.primaryKey(["user", "event_id"])
            }
            try db.create(index: "event_user_event", on: "event_user", columns: ["event_id"])
            // The largest id pruned so far: a consumer resuming from below it has missed events.
            try db.create(table: "event_horizon") { t in
                t.column("pruned_through", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO event_horizon (pruned_through) VALUES (0)")

            // The webhook outbox: one row per event and endpoint, in event order, until delivered or dropped.
            try db.create(table: "webhook_delivery") { t in
                t.column("id", .text).notNull().primaryKey()
                t.column("webhook", .text).notNull()
                t.column("event_id", .integer).notNull()
                t.column("event_type", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("created_at", .double).notNull()
                t.column("next_attempt_at", .double).notNull()
                t.column("last_attempt_at", .double)
                t.column("last_error", .text)
                t.column("finished_at", .double)
                t.uniqueKey(["webhook", "event_id"])
            }
            try db.create(
                index: "webhook_delivery_queue",
                on: "webhook_delivery",
                columns: ["webhook", "state", "event_id"]
            )
            // How far each endpoint's outbox has been filled from the event table.
            try db.create(table: "webhook_cursor") { t in
                t.column("webhook", .text).notNull().primaryKey()
                t.column("last_event_id", .integer).notNull()
                t.column("last_success_at", .double)
            }
        }
        migrator.registerMigration("v4: pending queue read from its index") { db in
            // Start-up reads every pending job. With the columns it needs in the index it reads the index alone, in
            // order, and never the table's rows, which lie scattered among the history, audit and events.
            try db.create(
                index: "termination_queue",
                on: "termination",
                columns: ["state", "due_at", "next_notice", "notices"]
            )
            // Its first two columns serve every query the old index served.
            try db.drop(index: "termination_pending")
        }
        return migrator
    }
}
