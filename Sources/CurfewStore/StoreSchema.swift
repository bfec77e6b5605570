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
        migrator.registerMigration("v5: login gate") { db in
            // A termination's hold: seconds after its sessions end, or an instant.
            try db.alter(table: "termination") { t in
                t.add(column: "hold_seconds", .integer)
                t.add(column: "hold_until", .double)
            }
            // Where each session was, and when its user was told at a login that curfew ended it.
            try db.alter(table: "session_outcome") { t in
                t.add(column: "tty", .text)
                t.add(column: "remote_host", .text)
                t.add(column: "told_at", .double)
            }
            try db.create(index: "session_outcome_user", on: "session_outcome", columns: ["user", "result"])
            try db.create(table: "hold") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user", .text).notNull()
                t.column("since", .double).notNull()
                t.column("until", .double).notNull()
                t.column("termination_id", .integer)
                t.column("actor", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("lifted_at", .double)
                t.column("lifted_by", .text)
            }
            try db.create(index: "hold_user", on: "hold", columns: ["user", "until"])
        }
        migrator.registerMigration("v6: fleet links and report outbox") { db in
            // Which local job each fleet job became (or why none did), and the fleet revision applied to it.
            try db.create(table: "fleet_link") { t in
                t.column("fleet_id", .text).notNull().primaryKey()
                t.column("termination_id", .integer).indexed()
                t.column("revision", .integer).notNull()
                // Set when no local job stands for it: 'refused', 'cancelled' (before it was armed) or 'missed'.
                t.column("settled", .text)
                t.column("detail", .text)
                t.column("linked_at", .double).notNull()
            }
            // Fleet jobs whose standing must be reported to the fleet database; `generation` grows on each change so
            // a report sent for an older one does not clear a newer one.
            try db.create(table: "fleet_outbox") { t in
                t.column("fleet_id", .text).notNull().primaryKey()
                t.column("generation", .integer).notNull()
                t.column("queued_at", .double).notNull()
            }
            // How far the event log has been read for changes to fleet jobs' local terminations.
            try db.create(table: "fleet_cursor") { t in
                t.column("last_event_id", .integer).notNull()
            }
            // Links made from now on queue their own first report; older events concern no fleet job.
            try db.execute(
                sql: """
                    INSERT INTO fleet_cursor (last_event_id)
                    SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'event'), 0)
                    """
            )
        }
        migrator.registerMigration("v7: notice delivery per session") { db in
            // How each session got a notice (terminal, desktop, unreachable, error): JSON, one receipt per session.
            try db.alter(table: "notice") { t in
                t.add(column: "deliveries", .text)
            }
        }
        return migrator
    }
}
