import Foundation
import Journeys
import Logging
import PostgresNIO
import StoreTestSupport
import Testing

@testable import JourneysStore

@Suite("StoreOutage: errors that mean the database does not answer")
struct StoreOutageTests {
  @Test func aRefusedConnectionAndAnUnreachableServerAreOutagesButNotOtherErrors() async throws {
    // Port 1 on this machine: nothing listens there.
    let configuration = PostgresConnection.Configuration(
      host: "127.0.0.1", port: 1, username: "nobody", password: nil, database: "none",
      tls: .disable)
    await #expect {
      _ = try await PostgresConnection.connect(
        configuration: configuration, id: 1, logger: Logger(label: "test"))
    } throws: { error in
      StoreOutage.covers(error)
    }
    #expect(StoreOutage.covers(StoreError.unreachable("127.0.0.1:1", "refused")))
    #expect(!StoreOutage.covers(StoreError.corrupt("a row")))
    #expect(!StoreOutage.covers(BookingError.unknownBooking("bk-x")))
  }
}

@Suite("StoreOutage: a SQLite file another process keeps locked")
struct SQLiteBusyOutageTests {
  @Test func aWriteThatWaitedPastTheBusyTimeoutIsAnOutageAndWritesOnceTheLockIsGone() async throws {
    try await withSQLiteStore { admin, directory in
      let service = try await SQLiteBookingStore.open(
        path: directory.path("journeys.sqlite"), busyTimeout: .milliseconds(50))
      try await using(service) { service in
        // The admin's connection takes the file's write lock, as a long admin command would.
        _ = try await admin.connection.query("BEGIN IMMEDIATE")
        await #expect {
          try await service.save(Organisation(id: "arras", name: "Arras"))
        } throws: { error in
          StoreOutage.covers(error)
        }
        _ = try await admin.connection.query("ROLLBACK")
        try await service.save(Organisation(id: "arras", name: "Arras"))
        #expect(try await service.organisations().map(\.id) == ["arras"])
      }
    }
  }
}

@Suite("WeekLocks: how long the oldest call has held its weeks")
struct WeekLocksHolderTests {
  @Test func theOldestHolderIsKnownWhileACallHoldsItsWeeksAndForgottenAfter() async throws {
    let locks = WeekLocks()
    let monday = LocalDate("2027-05-10")!
    #expect(locks.oldestHolder == nil)
    let before = Date()
    let seen = try await locks.withLocks([monday]) { locks.oldestHolder }
    #expect(seen.map { $0 >= before } == true)
    #expect(locks.oldestHolder == nil)
    await #expect(throws: CancellationError.self) {
      try await locks.withLocks([monday]) { throw CancellationError() }
    }
    #expect(locks.oldestHolder == nil, "a call that failed lets its weeks go too")
  }
}

@Suite("SQLite files that are not the service's database")
struct SQLiteFileMistakeTests {
  @Test func aFileThatIsNotADatabaseOrIsEmptyIsSaidToBeNotAnSQLiteErrorCode() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let text = try directory.write("notes.sqlite", "not a database, just notes\n")
    await #expect(throws: StoreError.notADatabase(text)) {
      _ = try await SQLiteBookingStore.open(path: text)
    }
    let empty = try directory.write("empty.sqlite", "")
    await #expect(throws: StoreError.notADatabase(empty)) {
      _ = try await StoreOpener.open(empty, mustExist: true, logger: Logger(label: "test"))
    }
    // Still nothing but an empty file: the command wrote no schema there.
    #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
  }

  @Test func aBackupIntoAFolderThatDoesNotExistSaysSo() async throws {
    try await withSQLiteStore { store, directory in
      let target = directory.path("missing/backup.sqlite")
      await #expect {
        try await store.backup(to: target)
      } throws: { error in
        "\(error)".hasPrefix("cannot open or create \(target)")
      }
    }
  }
}

@Suite("PostgreSQL ends what a process leaves hanging")
struct PostgresSessionTimeoutTests {
  @Test func everyConnectionHasAStatementAndAnIdleTransactionTimeout() async throws {
    try await withStore(.postgres) { store, _ in
      let postgres = try #require(store as? PostgresBookingStore)
      var shown: [String] = []
      for setting in ["statement_timeout", "idle_in_transaction_session_timeout"] {
        let rows = try await postgres.client.query("SELECT current_setting(\(setting))")
        for try await (value) in rows.decode(String.self) { shown.append(value) }
      }
      #expect(shown == ["30s", "2min"])
      // A statement stuck past the limit is ended by the server, not left to hold its locks.
      try await postgres.client.withConnection { connection in
        _ = try await connection.query("SET statement_timeout = '50ms'", logger: testLogger)
        await #expect {
          _ = try await connection.query("SELECT pg_sleep(1)", logger: testLogger).collect()
        } throws: { error in
          (error as? PSQLError)?.serverInfo?[.sqlState] == "57014"
        }
        _ = try await connection.query("RESET statement_timeout", logger: testLogger)
      }
    }
  }
}
