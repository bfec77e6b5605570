import ArgumentParser

/// Narrows a `--user` or `--all` target; every filter given must match a session for it to end.
struct SessionFilterOptions: ParsableArguments {
    @Option(help: "Only sessions from this remote host.")
    var remoteHost: String?

    @Option(help: "Only sessions opened by this PAM service (sshd, login, gdm...).")
    var service: String?

    @Option(help: "Only the session on this terminal (pts/1, tty2).")
    var tty: String?

    @Option(name: .customLong("class"), help: "Only sessions of this logind class (user, greeter, lock-screen...).")
    var sessionClass: String?

    @Option(help: "Only sessions of this logind type (tty, x11, wayland, unspecified...).")
    var type: String?

    var isEmpty: Bool {
        [remoteHost, service, tty, sessionClass, type].allSatisfy { $0 == nil }
    }

    /// " (service sshd, tty pts/1)", as the daemon words a target's filters.
    var suffix: String {
        let parts = [
            remoteHost.map { "remote host \($0)" }, service.map { "service \($0)" }, tty.map { "tty \($0)" },
            sessionClass.map { "class \($0)" }, type.map { "type \($0)" },
        ]
        .compactMap { $0 }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// Whether a live session passes every filter given.
    func matches(_ session: SessionReply) -> Bool {
        func field(_ wanted: String?, _ actual: String?) -> Bool { wanted == nil || wanted == actual }
        return field(remoteHost, session.remoteHost) && field(service, session.service) && field(tty, session.tty)
            && field(sessionClass, session.sessionClass) && field(type, session.type)
    }
}
