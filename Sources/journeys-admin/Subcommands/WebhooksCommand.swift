import ArgumentParser
import Foundation
import Journeys
import JourneysStore

struct WebhooksCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "webhooks",
    abstract: "Organisations' webhooks: booking confirmed, changed, cancelled, expired.",
    discussion: """
      Each call is a POST of JSON signed with the organisation's secret \
      (Webhook-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">), retried with \
      growing delays for about two days until the endpoint answers 2xx.
      """,
    subcommands: [Set.self, Remove.self, Deliveries.self])

  /// Gives the organisation `id` this webhook (nil: none); false when there was none to remove.
  static func setWebhook(_ webhook: Webhook?, of id: String, in options: StoreOptions)
    async throws -> Bool
  {
    try await options.withStore { store in
      guard var found = try await store.organisations().first(where: { $0.id.rawValue == id })
      else { throw AdminError("no organisation \(id)") }
      // Removing what is not there changes nothing and records nothing.
      guard found.webhook != nil || webhook != nil else { return false }
      found.webhook = webhook
      try await store.save(found)
      return true
    }
  }

  struct Set: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Point an organisation's events at a URL; prints the signing secret last.")
    @Argument(help: "The organisation's id.") var organisation: String
    @Option(help: "The https:// endpoint (http:// only for local tests).") var url: String
    @Option(help: "The signing secret, 16 characters at least (default: a new random one).")
    var secret: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard Webhook.isAcceptable(url) else {
        throw ValidationError(
          "--url must be an https:// URL (http:// only to this machine: localhost, 127.0.0.1, ::1)")
      }
      if let secret, secret.count < 16 {
        throw ValidationError("--secret must be at least 16 characters")
      }
    }

    func run() async throws {
      let secret = secret ?? "whsec_" + RandomBookingIdentifiers.text(32)
      _ = try await WebhooksCommand.setWebhook(
        Webhook(url: url, secret: secret), of: organisation, in: store)
      print("webhook of \(organisation) set to \(url); signing secret:")
      print(secret)
    }
  }

  struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop an organisation's webhook.")
    @Argument(help: "The organisation's id.") var organisation: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let removed = try await WebhooksCommand.setWebhook(nil, of: organisation, in: store)
      print(
        removed
          ? "webhook of \(organisation) removed"
          : "\(organisation) has no webhook; nothing changed")
    }
  }

  struct Deliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The delivery log, newest first: state, attempts, last answer.")
    @Option(help: "Only this organisation's deliveries.") var organisation: String?
    @Option(parsing: .unconditional, help: "At most this many.") var limit: Int = 50
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let deliveries = try await store.withStore { store in
        if let organisation,
          try await !store.organisations().contains(where: { $0.id.rawValue == organisation })
        {
          throw AdminError("no organisation \(organisation)")
        }
        return try await store.webhookDeliveries(
          organisation: organisation.map { Organisation.ID($0) }, limit: limit)
      }
      print(
        Table.render(
          ["ID", "ORGANISATION", "EVENT", "STATE", "ATTEMPTS", "LAST", "NEXT"],
          deliveries.map { delivery in
            [
              delivery.id.rawValue, delivery.organisation.rawValue, delivery.event,
              delivery.state.rawValue, "\(delivery.attempts)",
              delivery.lastStatus.map { "HTTP \($0)" } ?? delivery.lastError ?? "",
              delivery.nextAttemptAt.map(CivilTime.paris.iso8601) ?? "",
            ]
          }))
    }
  }
}
