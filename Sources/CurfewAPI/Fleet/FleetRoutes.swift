import CurfewCore
import CurfewFleet
import Foundation
import Hummingbird

/// `/v1/fleet`: this host's standing in the fleet, the fleet's hosts, and fleet jobs written, listed, shown, moved
/// and cancelled from here. Admins only (the access middleware), like every write.
struct FleetRoutes {
    let env: APIEnvironment

    func add(to router: Router<CurfewRequestContext>) {
        let group = router.group("v1/fleet")
        group.get("status", use: status)
        group.get("hosts", use: hosts)
        group.post("terminations", use: create)
        group.get("terminations", use: list)
        group.get("terminations/:id", use: show)
        group.patch("terminations/:id", use: reschedule)
        group.delete("terminations/:id", use: cancel)
        group.get("audit", use: audit)
    }

    @Sendable func status(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        try reply(FleetStatusJSON(await env.fleet?.status(), database: env.config.fleet?.description))
    }

    @Sendable func hosts(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        return try await fleetReplying {
            try reply(["hosts": try await fleet.hosts().map(FleetHostJSON.init)])
        }
    }

    @Sendable func create(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        let (body, _) = try await request.json(CreateFleetTerminationBody.self, context: context)
        return try await fleetReplying {
            let due = try env.dueTime(at: body.at, within: body.within)
            let job = try await fleet.schedule(
                FleetJobRequest(
                    target: try body.fleetTarget(),
                    dueAt: due.instant,
                    reason: body.reason ?? "",
                    notices: try body.noticePlan(),
                    hosts: body.hosts,
                    label: body.label,
                    caller: context.caller
                )
            )
            let id = job.id.uuidString.lowercased()
            return try reply(FleetJobJSON(job), status: .created, headers: [.location: "/v1/fleet/terminations/\(id)"])
        }
    }

    @Sendable func list(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        let limit = try QueryParameters(request).integer("limit", default: 100, in: 1...1000)
        return try await fleetReplying {
            let standings = try await fleet.jobs(limit: limit)
            return try reply(["terminations": standings.map { FleetJobJSON($0.job, standing: $0) }])
        }
    }

    @Sendable func show(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        let id = try fleetJobID(request, context)
        return try await fleetReplying {
            let standing = try await fleet.job(id)
            return try reply(FleetJobJSON(standing.job, standing: standing))
        }
    }

    @Sendable func reschedule(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        let id = try fleetJobID(request, context)
        let (body, _) = try await request.json(RescheduleBody.self, context: context)
        return try await fleetReplying {
            let due = try env.dueTime(at: body.at, within: body.within)
            return try reply(FleetJobJSON(try await fleet.reschedule(id, to: due.instant, by: context.caller)))
        }
    }

    @Sendable func cancel(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        let id = try fleetJobID(request, context)
        return try await fleetReplying {
            try reply(FleetJobJSON(try await fleet.cancel(id, by: context.caller)))
        }
    }

    /// `GET /v1/fleet/audit?job=ID&host=H&limit=N`: the central audit, newest first.
    @Sendable func audit(_ request: Request, context: CurfewRequestContext) async throws -> Response {
        let fleet = try agent()
        let parameters = try QueryParameters(request)
        let job = try parameters.text("job").map { text in
            guard let id = UUID(uuidString: text) else {
                throw APIError.badRequest("query parameter 'job': '\(text)' is not a fleet job id: expected a UUID")
            }
            return id
        }
        let host = try parameters.text("host", maxLength: 64)
        let limit = try parameters.integer("limit", default: 100, in: FleetAuditQuery.limits)
        return try await fleetReplying {
            let entries = try await fleet.audit(FleetAuditQuery(jobID: job, host: host, limit: limit))
            return try reply(["entries": entries.map(FleetAuditJSON.init)])
        }
    }

    private func agent() throws -> FleetAgent {
        guard let fleet = env.fleet else {
            throw APIError.conflict(
                "fleet mode is off on this host: add a fleet: section (the fleet database) to the configuration"
            )
        }
        return fleet
    }

    private func fleetJobID(_ request: Request, _ context: CurfewRequestContext) throws -> UUID {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text) else {
            throw APIError.badRequest("'\(text)' is not a fleet job id: expected a UUID such as 0f8c2a1e-...")
        }
        return id
    }

    private func fleetReplying<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await replying(body)
        } catch let error as FleetError {
            switch error.code {
            case .invalid: throw APIError.invalid(error.message)
            case .notFound: throw APIError.notFound(error.message)
            case .conflict: throw APIError.conflict(error.message)
            case .unavailable: throw APIError(.serviceUnavailable, "unavailable", error.message)
            }
        }
    }
}
