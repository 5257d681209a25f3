import ArgumentParser
import JourneysStore

struct DatabaseCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db", abstract: "Operate the database.",
    subcommands: [Migrate.self, Status.self, Backup.self])

  struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let (applied, status) = try await store.withStore(migrate: false, mustExist: false) { store in
        (try await store.migrate(), try await store.schemaStatus())
      }
      let what =
        applied.isEmpty
        ? "nothing to apply" : "applied \(applied.map(String.init).joined(separator: ", "))"
      print("\(what); schema at version \(status.current) (latest \(status.latest))")
    }
  }

  struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the schema version.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let status = try await store.withStore(migrate: false) { store in
        try await store.schemaStatus()
      }
      let state = status.current == status.latest ? "up to date" : "migrations pending"
      print("schema version \(status.current) of \(status.latest): \(state)")
    }
  }

  struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a consistent copy of the live database to a new file.")
    @Argument(help: "The backup file to create.") var destination: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      try await store.withStore() { store in
        try await store.backup(to: destination)
      }
      print("backup written to \(destination)")
    }
  }
}
