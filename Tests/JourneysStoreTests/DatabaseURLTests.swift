import Testing

@testable import JourneysStore

@Suite("PostgreSQL URL")
struct DatabaseURLTests {
  @Test func aURLWithoutQueryOpensTheDefaultNumberOfConnections() throws {
    let url = try #require(DatabaseURL("postgres://journeys:secret@db.example:6543/season"))
    #expect(
      url
        == DatabaseURL(
          host: "db.example", port: 6543, user: "journeys", password: "secret",
          database: "season", connections: DatabaseURL.defaultConnections))
    #expect(url.description == "postgres://journeys:***@db.example:6543/season")
    #expect(DatabaseURL("postgresql://journeys@db.example/season")?.port == 5432)
  }

  @Test func connectionsAreTakenFromTheQueryAndShownInTheDescription() throws {
    let url = try #require(DatabaseURL("postgres://journeys@127.0.0.1:5432/season?connections=4"))
    #expect(url.connections == 4)
    #expect(url.description == "postgres://journeys@127.0.0.1:5432/season?connections=4")
    #expect(url.with(database: "other").connections == 4)
    #expect(DatabaseURL("postgres://j@h/season?connections=1")?.connections == 1)
    #expect(DatabaseURL("postgres://j@h/season?connections=100")?.connections == 100)
  }

  @Test(arguments: [
    "postgres://journeys@127.0.0.1/season?connections=0",
    "postgres://journeys@127.0.0.1/season?connections=101",
    "postgres://journeys@127.0.0.1/season?connections=four",
    "postgres://journeys@127.0.0.1/season?connections",
    "postgres://journeys@127.0.0.1/season?conections=4",
    "postgres://journeys@127.0.0.1/season?sslmode=require",
    "postgres://journeys@127.0.0.1/season?connections=4&connections=9",
    "postgres://journeys@127.0.0.1/season?connections=4&sslmode=disable",
    "postgres://127.0.0.1/season", "postgres://journeys@127.0.0.1/", "mysql://journeys@h/season",
  ])
  func refusesWhatItCannotHonour(text: String) {
    #expect(DatabaseURL(text) == nil)
  }

  @Test func aRefusedURLIsExplainedWithTheFormExpected() async {
    await #expect {
      _ = try await PostgresBookingStore.open(
        url: "postgres://journeys@127.0.0.1/season?connections=0", logger: .init(label: "test"))
    } throws: { error in
      "\(error)".contains("?connections=1…100")
    }
  }

  /// Port 1 refuses connections: the pool would retry for a minute and then name no server.
  @Test func aServerThatCannotBeReachedIsNamedWithoutWaitingAMinute() async {
    let started = ContinuousClock.now
    await #expect {
      _ = try await PostgresBookingStore.open(
        url: "postgres://journeys@127.0.0.1:1/season", patience: .seconds(1),
        logger: .init(label: "test"))
    } throws: { error in
      "\(error)".contains("cannot reach PostgreSQL at 127.0.0.1:1")
    }
    #expect(ContinuousClock.now - started < .seconds(30))
  }
}
