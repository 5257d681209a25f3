import ArgumentParser
import Journeys

struct JourneysCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journeys", abstract: "The published journeys.", subcommands: [List.self])

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the journeys on offer.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let journeys = try await store.withStore { store in try await store.catalogue().journeys
      }
      print(
        Table.render(
          ["ID", "VERSION", "GROUP", "LANGUAGES", "TITLE"],
          journeys.map {
            [
              $0.id.rawValue, "v\($0.version)",
              "\($0.groupSize.lowerBound)-\($0.groupSize.upperBound)",
              $0.languages.map(\.code).joined(separator: ","), $0.title.fr,
            ]
          }))
    }
  }
}
