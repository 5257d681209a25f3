import ArgumentParser
import Foundation
import Journeys
import JourneysStore

struct TokensCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokens", abstract: "Bearer tokens of the API: who may do what.",
    discussion: """
      An organisation's token books for it and sees only its bookings; a guide's token sees \
      only his or her schedule and assignments; an admin's token sees everything. Only a hash \
      of each secret is stored: the secret is printed once, on the last line of `create`.
      """,
    subcommands: [Create.self, List.self, Revoke.self])

  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Issue a token; prints its secret once, as the last line.")

    @Option(help: "admin, guide or organisation.") var role: Principal.Role
    @Option(help: "The organisation's or guide's id (it must exist); the admin's name.")
    var subject: String
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard !subject.trimmingCharacters(in: .whitespaces).isEmpty, subject.count <= 64 else {
        throw ValidationError("--subject must be 1 to 64 characters")
      }
    }

    func run() async throws {
      for line in try await issue() { print(line) }
    }

    /// Stores a new token and returns what to print: the secret last, and only there.
    func issue() async throws -> [String] {
      let (token, secret) = TokenSecrets.issue(role: role, subject: subject, at: Date())
      try await store.withStore { store in
        switch role {
        case .organisation:
          guard try await store.organisations().contains(where: { $0.id.rawValue == subject })
          else { throw AdminError("no organisation \(subject); add it with organisations add") }
        case .guide:
          guard try await store.guides().contains(where: { $0.id.rawValue == subject }) else {
            throw AdminError("no guide \(subject)")
          }
        case .admin: break
        }
        try await store.save(token)
      }
      return [
        "token \(token.id) issued: role \(role.rawValue), subject \(subject)",
        "keep the secret now, it is not stored and cannot be shown again:",
        secret,
      ]
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the tokens (never secrets).")
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let tokens = try await store.withStore { store in try await store.tokens() }
      print(
        Table.render(
          ["ID", "ROLE", "SUBJECT", "CREATED", "REVOKED"],
          tokens.map { token in
            [
              token.id.rawValue, token.role.rawValue, token.subject,
              CivilTime.paris.iso8601(token.createdAt),
              token.revokedAt.map(CivilTime.paris.iso8601) ?? "",
            ]
          }))
    }
  }

  struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revoke a token: requests with it are refused from now on.")
    @Argument(help: "The token's id (tok-…), as `tokens list` shows it.") var id: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let earlier = try await store.withStore { store -> Date? in
        guard var token = try await store.tokens().first(where: { $0.id.rawValue == id }) else {
          throw AdminError("no token \(id)")
        }
        if let revokedAt = token.revokedAt { return revokedAt }
        token.revokedAt = Date()
        try await store.save(token)
        return nil
      }
      if let earlier {
        print(
          "token \(id) was already revoked on \(CivilTime.paris.iso8601(earlier)); nothing changed")
      } else {
        print("token \(id) revoked")
      }
    }
  }
}

extension Principal.Role: ExpressibleByArgument {}
