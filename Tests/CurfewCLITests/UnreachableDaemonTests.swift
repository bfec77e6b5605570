import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A daemon that is not there exits 3 and names the socket, so scripts and admins know where curfewctl looked.
@Suite struct UnreachableDaemonTests {
    @Test func aMissingSocketExitsThreeNamingThePath() async {
        let path = "/tmp/curfewctl-test-\(UUID().uuidString.prefix(8))/curfewd.sock"
        let (status, terminal) = await run(["status", "--socket", path])
        #expect(status == 3)
        #expect(
            terminal.err
                == "curfewctl: cannot reach curfewd at \(path): No such file or directory (is curfewd running?)\n"
        )
        #expect(terminal.out == "")
    }

    @Test func aSocketNobodyListensOnExitsThree() async throws {
        let path = "/tmp/curfewctl-test-\(UUID().uuidString.prefix(8)).sock"
        let descriptor = try FakeDaemon.listen(at: path, listening: false)
        defer {
            close(descriptor)
            unlink(path)
        }
        let (status, terminal) = await run(["terminate", "--user", "alice", "--in", "1h", "--socket", path])
        #expect(status == 3)
        #expect(
            terminal.err == "curfewctl: cannot reach curfewd at \(path): Connection refused (is curfewd running?)\n"
        )
    }
}
