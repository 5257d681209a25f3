import ArgumentParser

/// `journeys-admin`: the operator's tool for the catalogue, guides, bookings and the database.
@main
struct JourneysAdmin: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "journeys-admin",
    abstract: "Operate the Voyages apprenants booking engine.",
    discussion: """
      Uses the same settings as booking-api: --database, then JOURNEYS_DATABASE (or \
      JOURNEYS_DATABASE_URL), then config/journeys.yaml, then var/journeys.sqlite.
      """,
    subcommands: [
      CatalogueCommand.self, JourneysCommand.self, GuidesCommand.self,
      OrganisationsCommand.self, TokensCommand.self, WebhooksCommand.self, BookingsCommand.self,
      AvailabilityCommand.self, AssembleCommand.self, ExportCommand.self,
      AuditCommand.self, BenchCommand.self,
      DatabaseCommand.self,
    ])
}
