import CurfewCore
import Foundation
import Logging
import Testing

@testable import CurfewSystem

@Suite struct JournalLogHandlerTests {
    @Test func metadataBecomesCurfewFieldsAndMessageIDStaysItself() {
        let fields = JournalLogHandler.fields(
            .warning,
            "termination 7 missed",
            metadata: ["termination_id": "7", "user": "alice", "message_id": "61d2c441f58e486dab6204005dd5ad79"],
            label: "curfew.scheduler",
            file: "Scheduler.swift",
            function: "start()",
            line: 12
        )
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(byName["MESSAGE"] == "termination 7 missed")
        #expect(byName["PRIORITY"] == "4")
        #expect(byName["SYSLOG_IDENTIFIER"] == "curfewd")
        #expect(byName["CURFEW_TERMINATION_ID"] == "7")
        #expect(byName["CURFEW_USER"] == "alice")
        #expect(byName["MESSAGE_ID"] == "61d2c441f58e486dab6204005dd5ad79")
        #expect(byName["CODE_LINE"] == "12")
    }

    @Test func levelsMapToSyslogPriorities() {
        #expect(
            [Logger.Level.debug, .info, .notice, .warning, .error, .critical].map(JournalLogHandler.priority) == [
                7, 6, 5, 4, 3, 2,
            ]
        )
    }

    @Test func fieldNamesAreMadeValid() {
        #expect(JournalLogHandler.fieldName("session") == "CURFEW_SESSION")
        #expect(JournalLogHandler.fieldName("hb.request.id") == "CURFEW_HB_REQUEST_ID")
        #expect(JournalLogHandler.fieldName("") == nil)
    }

    @Test func stderrIsTheJournalOnlyWhenJournalStreamNamesIt() {
        var status = stat()
        fstat(STDERR_FILENO, &status)
        #expect(JournalLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]))
        #expect(
            !JournalLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino + 1)"])
        )
        #expect(!JournalLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": "garbage"]))
        #expect(!JournalLogHandler.stderrIsJournal(environment: [:]))
    }

    @Test func auditEntriesCarryTheirActionsMessageID() {
        let entry = AuditEntry(
            at: Date(),
            actor: Caller(uid: 0, name: "root", pid: 1),
            action: .scheduled,
            target: "user alice",
            targetUser: "alice",
            terminationID: TerminationID(9),
            result: "scheduled"
        )
        let metadata = AuditJournal.metadata(of: entry)
        #expect(metadata["message_id"] == "\(AuditEntry.Action.scheduled.messageID)")
        #expect(metadata["termination_id"] == "9")
        #expect(metadata["user"] == "alice")
    }
}
