import CurfewStore
import Foundation
import Logging
import ServiceLifecycle

/// While the state directory is full, looks every few seconds for room to come back (free space is nothing a file
/// descriptor can wait on); with room it only waits to hear that the disk filled up. Tells the journal, systemd's
/// STATUS of each change (`/metrics` reads `curfew_disk_full` from the store).
final class DiskWatch: Service {
    static let interval: Duration = .seconds(5)
    /// Stable MESSAGE_IDs: `journalctl MESSAGE_ID=...` lists every time the disk filled up or had room again.
    static let fullID = "3a1f6c2e9b8d4f0a8e7c5b4d2a1f0e9c"
    static let recoveredID = "7d2e4b6a1c3f4e5d9a8b7c6d5e4f3a2b"
    let store: TerminationStore
    let logger: Logger
    private let changes: AsyncStream<DiskStatus>
    private let continuation: AsyncStream<DiskStatus>.Continuation

    init(store: TerminationStore, status: StatusLine, logger: Logger) {
        self.store = store
        self.logger = logger
        (changes, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        store.observeDisk { [continuation, logger] disk in
            // Once when it starts and once when it ends, at err both times, so `journalctl -p err` shows both.
            logger.error(
                "\(disk.summary)",
                metadata: ["message_id": .string(disk.isFull ? Self.fullID : Self.recoveredID)]
            )
            status.disk(disk.isFull ? DiskStatus.statusNote : nil)
            continuation.yield(disk)
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.watch() }
    }

    private func watch() async {
        var full = store.diskStatus.isFull
        var iterator = changes.makeAsyncIterator()
        while !Task.isCancelled {
            if full {
                try? await Task.sleep(for: Self.interval)
                full = !store.checkRoom()
            } else {
                guard let change = await iterator.next() else { return }
                full = change.isFull
            }
        }
    }
}
