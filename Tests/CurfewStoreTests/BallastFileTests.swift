import CurfewStore
import Foundation
import Glibc
import Testing

/// The firing reserve as a file of allocated blocks: taken whole, given back a part at a time, taken back only with
/// room to spare.
@Suite struct BallastFileTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curfew-ballast-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("reserve").path }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func allocated() -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_blocks) * 512
    }

    @Test func theReserveIsAllocatedBlocksGivenBackAPartAtATime() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reserve = BallastFile(path: path, capacity: 4 << 20, part: 1 << 20)

        #expect(reserve.refill())
        #expect(reserve.held == 4 << 20)
        #expect(allocated() >= 4 << 20, "blocks really taken, not a sparse file")

        #expect(reserve.release())
        #expect(reserve.held == 3 << 20)
        #expect(allocated() < 4 << 20)
        for _ in 0..<3 { #expect(reserve.release()) }
        #expect(reserve.held == 0)
        #expect(!reserve.release(), "nothing left to give")

        #expect(reserve.refill())
        #expect(reserve.held == 4 << 20)
    }

    @Test func aReserveTheFileSystemHasNoRoomForIsNotTaken() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reserve = BallastFile(path: path, capacity: 1 << 50)

        #expect(!reserve.refill())
        #expect(reserve.held == 0)
    }

    @Test func aReserveOfZeroRemovesTheFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(BallastFile(path: path, capacity: 1 << 20).refill())

        #expect(BallastFile(path: path, capacity: 0).refill())
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aWholeReserveOnAFullFileSystemIsNoRoom() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(BallastFile(path: path, capacity: 1 << 20).refill())

        // The disk filled up without the reserve being touched: it is whole, but there is no room beside it.
        let onAFullDisk = BallastFile(path: path, capacity: 1 << 20, margin: 1 << 50)
        #expect(!onAFullDisk.refill())
        #expect(onAFullDisk.held == 1 << 20, "the reserve is kept")
    }
}
