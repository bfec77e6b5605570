import CurfewCore
import Testing

@Suite struct LiveConfigurationTests {
    @Test func aReloadAppliesEveryKeyButThoseThatNeedARestart() {
        var old = Configuration(environment: [:])
        old.socketPath = "/run/curfew/curfewd.sock"
        let live = LiveConfiguration(old)
        var new = old
        new.adminGroup = "wheel"
        new.protectedUsers = ["root", "backup"]
        new.dryRun = true
        new.contact = "helpdesk, ext. 4242"
        new.socketPath = "/run/other.sock"
        new.stateDirectory = "/srv/curfew"

        let waiting = live.reload(new)

        #expect(waiting == ["state_directory", "socket"])
        var expected = new
        expected.socketPath = old.socketPath
        expected.stateDirectory = old.stateDirectory
        #expect(live.current == expected)
    }

    @Test func anUnchangedReloadWaitsForNothing() {
        let config = Configuration(environment: [:])
        let live = LiveConfiguration(config)
        #expect(live.reload(config).isEmpty)
        #expect(live.current == config)
    }
}
