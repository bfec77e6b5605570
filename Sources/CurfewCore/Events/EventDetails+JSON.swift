import CurfewText

extension EventDetails {
    /// The details as an event row stores them: what `JSONEncoder` writes (the same keys, in `CodingKeys` order, nil
    /// members left out), written by hand. The encoder's generic walk was half the cost of writing an event, and a
    /// batched enqueue writes one per job. Read back with `JSONDecoder` as before.
    public var json: String {
        typealias Key = CodingKeys
        var object = JSONObjectText()
        object.add(Key.target.rawValue, target)
        object.add(Key.dueAt.rawValue, dueAt)
        object.add(Key.previousDueAt.rawValue, previousDueAt)
        object.add(Key.reason.rawValue, reason)
        object.add(Key.dryRun.rawValue, dryRun)
        object.add(Key.immediate.rawValue, immediate)
        object.add(Key.actor.rawValue, object: actor.map(Self.object))
        object.add(Key.notice.rawValue, notice)
        object.add(Key.lead.rawValue, lead)
        object.add(Key.sessions.rawValue, sessions)
        object.add(Key.delivered.rawValue, delivered)
        object.add(Key.result.rawValue, result)
        object.add(Key.error.rawValue, error)
        object.add(Key.latenessSeconds.rawValue, latenessSeconds)
        object.add(Key.failed.rawValue, failed)
        object.add(Key.policy.rawValue, policy)
        object.add(Key.addresses.rawValue, addresses)
        object.add(Key.directory.rawValue, directory)
        object.add(Key.reserveBytes.rawValue, reserveBytes)
        object.add(Key.fleetJob.rawValue, fleetJob)
        object.add(Key.host.rawValue, host)
        object.add(Key.service.rawValue, service)
        object.add(Key.remoteHost.rawValue, remoteHost)
        object.add(Key.rule.rawValue, rule)
        object.add(Key.until.rawValue, until)
        return object.json
    }

    private static func object(_ caller: Caller) -> JSONObjectText {
        var object = JSONObjectText()
        object.add("uid", caller.uid)
        object.add("name", caller.name)
        object.add("pid", caller.pid)
        return object
    }
}
