import CurfewCore

/// Sends each notice the way each session can be reached (`NoticeChannel.choose`): graphical sessions on their
/// desktop, sessions with a terminal on it, and the rest recorded as unreachable, never skipped silently. Terminals
/// and desktops are served at the same time.
public struct SessionNotices: NoticeDelivery {
    private let terminals: any NoticeDelivery
    private let desktops: any NoticeDelivery

    public init(terminals: any NoticeDelivery, desktops: any NoticeDelivery) {
        self.terminals = terminals
        self.desktops = desktops
    }

    public func deliver(_ notice: Notice, to sessions: [Session]) async -> [NoticeReceipt] {
        let channels = sessions.map(NoticeChannel.choose)
        let onTerminals = zip(sessions, channels).filter { $0.1 == .terminal }.map(\.0)
        let onDesktops = zip(sessions, channels).filter { $0.1 == .desktop }.map(\.0)
        async let terminalReceipts = onTerminals.isEmpty ? [] : terminals.deliver(notice, to: onTerminals)
        async let desktopReceipts = onDesktops.isEmpty ? [] : desktops.deliver(notice, to: onDesktops)
        var receipts: [String: NoticeReceipt] = [:]
        for receipt in await terminalReceipts + desktopReceipts { receipts[receipt.sessionID] = receipt }
        return zip(sessions, channels).map { session, channel in
            if channel == .unreachable { return .unreachable(session) }
            return receipts[session.id]
                ?? NoticeReceipt(sessionID: session.id, delivery: .error, detail: "\(channel.rawValue): no receipt")
        }
    }
}
