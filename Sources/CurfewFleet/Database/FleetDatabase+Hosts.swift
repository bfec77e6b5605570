import Foundation
import PostgresNIO

/// Statements on `fleet_host`.
extension FleetDatabase {
    /// What this host says of itself when it connects.
    struct Registration: Sendable {
        var hostID: String
        var hostname: String
        var labels: [String]
        var version: String
        /// Random for each installation (kept in the local store): tells a restart from a second host with the same
        /// id.
        var instance: UUID
        var clockOffset: Double?
        /// Another instance last seen longer ago than this is taken to be this host reinstalled.
        var takeoverAfter: Double
    }

    /// Registers or refreshes this host, auditing a host that joins or whose name, labels, version or installation
    /// changed. A different instance with the same id seen recently is refused, naming both hosts, and audited unless
    /// `auditRefusal` is false (a host retrying after the same refusal).
    func register(_ host: Registration, auditRefusal: Bool = true) async throws {
        let rows = try await query(
            """
            WITH old AS (
                SELECT hostname, labels, version, instance FROM fleet_host WHERE host_id = \(host.hostID)
            ), saved AS (
                INSERT INTO fleet_host (host_id, hostname, labels, version, instance, clock_offset)
                VALUES (\(host.hostID), \(host.hostname), \(host.labels), \(host.version), \(host.instance),
                        \(host.clockOffset))
                ON CONFLICT (host_id) DO UPDATE SET hostname = excluded.hostname, labels = excluded.labels,
                    version = excluded.version, instance = excluded.instance, clock_offset = excluded.clock_offset,
                    last_seen = now()
                WHERE fleet_host.instance = excluded.instance
                    OR fleet_host.last_seen < now() - make_interval(secs => \(host.takeoverAfter))
                RETURNING host_id, hostname, labels, version, instance
            ), changes AS (
                SELECT saved.host_id, old.hostname IS NULL AS joined, concat_ws('; ',
                    CASE WHEN old.hostname IS NULL THEN 'hostname ' || saved.hostname || ', labels '
                        || coalesce(nullif(array_to_string(saved.labels, ','), ''), 'none') || ', version '
                        || saved.version END,
                    CASE WHEN old.hostname <> saved.hostname THEN 'hostname ' || old.hostname || ' -> '
                        || saved.hostname END,
                    CASE WHEN old.labels <> saved.labels THEN 'labels '
                        || coalesce(nullif(array_to_string(old.labels, ','), ''), 'none') || ' -> '
                        || coalesce(nullif(array_to_string(saved.labels, ','), ''), 'none') END,
                    CASE WHEN old.version <> saved.version THEN 'version ' || old.version || ' -> '
                        || saved.version END,
                    CASE WHEN old.instance <> saved.instance THEN 'reinstalled (a new instance took the id over)'
                        END
                ) AS detail
                FROM saved LEFT JOIN old ON true
            ), audit AS (
                INSERT INTO fleet_audit (host_id, actor, action, detail)
                SELECT host_id, \(Self.hostActor), CASE WHEN joined THEN \(FleetAuditEntry.Action.hostJoined)
                    ELSE \(FleetAuditEntry.Action.hostChanged) END, detail
                FROM changes WHERE detail <> ''
            )
            SELECT host_id FROM saved
            """,
            logger: logger
        )
        for try await _ in rows.decode(String.self) { return }
        var other = "another host"
        for try await name in try await query(
            "SELECT hostname FROM fleet_host WHERE host_id = \(host.hostID)",
            logger: logger
        ).decode(String.self) {
            other = name
        }
        let refusal = FleetError(
            .conflict,
            "host id \(host.hostID) is already used by \(other); this host (\(host.hostname)) was refused. Give one of them its own fleet.host_id (duplicate /etc/machine-id from a cloned image?)"
        )
        if auditRefusal {
            try await query(
                """
                INSERT INTO fleet_audit (host_id, actor, action, detail)
                VALUES (\(host.hostID), \(Self.hostActor), \(FleetAuditEntry.Action.duplicateHostID),
                    \(refusal.message))
                """,
                logger: logger
            )
        }
        throw refusal
    }

    /// Marks this host alive now; false if another instance has taken the id since.
    func heartbeat(hostID: String, instance: UUID) async throws -> Bool {
        let rows = try await query(
            "UPDATE fleet_host SET last_seen = now() WHERE host_id = \(hostID) AND instance = \(instance) RETURNING 1",
            logger: logger
        )
        for try await _ in rows.decode(Int32.self) { return true }
        return false
    }

    func hosts() async throws -> [FleetHost] {
        let rows = try await query(
            """
            SELECT h.host_id, h.hostname, h.labels, h.version, h.registered_at, h.last_seen, h.clock_offset,
                (SELECT count(*) FROM fleet_report r JOIN fleet_job j ON j.id = r.job_id
                 WHERE r.host_id = h.host_id AND r.state = 'armed' AND j.state = 'scheduled')
            FROM fleet_host h ORDER BY h.host_id
            """,
            logger: logger
        )
        var hosts: [FleetHost] = []
        for try await (id, name, labels, version, registered, seen, offset, pending) in rows.decode(
            (String, String, [String], String, Date, Date, Double?, Int64).self
        ) {
            hosts.append(
                FleetHost(
                    id: id,
                    hostname: name,
                    labels: labels,
                    version: version,
                    registeredAt: registered,
                    lastSeen: seen,
                    clockOffset: offset,
                    pending: Int(pending)
                )
            )
        }
        return hosts
    }
}
