import ArgumentParser
import Foundation
import Journeys
import JourneysStore
import Testing

@testable import journeys_admin

@Suite("journeys-admin tokens, audit, webhooks")
struct TokensCommandTests {
  @Test func aTokenIsPrintedOnceLastAndStoredOnlyAsItsHash() async throws {
    try await withDatabase { database in
      try await admin(["organisations", "add", "arras", "--name", "Arras", "--database", database])
      let create = try TokensCommand.Create.parse([
        "--role", "organisation", "--subject", "arras", "--database", database,
      ])
      let lines = try await create.issue()
      let secret = try #require(lines.last)
      #expect(secret.hasPrefix("va_") && secret.count == 35)
      #expect(lines.dropLast().allSatisfy { !$0.contains(secret) })
      let store = try await openStore(database)
      let stored = try await store.tokens()
      #expect(stored.count == 1)
      #expect(stored.first?.secretHash == TokenSecrets.hash(secret))
      #expect(stored.first?.principal == .organisation("arras"))
      let found = try await store.token(secretHash: TokenSecrets.hash(secret))
      try await store.close()

      try await admin([
        "tokens", "revoke", try #require(found?.id.rawValue), "--database", database,
      ])
      let after = try await openStore(database)
      #expect(try await after.tokens().first?.isRevoked == true)
      // The audit log has both changes, recorded against the operator.
      let log = try await after.auditLog(subject: nil, after: nil, limit: 50)
      #expect(log.map(\.action).suffix(2) == ["token.created", "token.revoked"])
      #expect(
        log.last?.actor.hasPrefix("admin:") == true && log.last?.actor.hasSuffix("@cli") == true)
      // The first page says more follow; --latest gives the last ones.
      let first = try AuditCommand.parse(["--limit", "1"])
      let (shown, more) = try await first.read(after, subject: nil)
      #expect(shown.map(\.sequence) == [log.first?.sequence] && more)
      let latest = try AuditCommand.parse(["--limit", "2", "--latest"])
      let (recent, none) = try await latest.read(after, subject: nil)
      #expect(recent.map(\.action) == ["token.created", "token.revoked"] && !none)
      try await after.close()
      try await admin(["audit", "--subject", "organisation:arras", "--database", database])
      try await admin(["audit", "--full", "--database", database])
    }
  }

  @Test func theSubjectMustExist() async throws {
    try await withDatabase { database in
      await #expect {
        try await admin([
          "tokens", "create", "--role", "organisation", "--subject", "nobody", "--database",
          database,
        ])
      } throws: { "\($0)".contains("no organisation nobody") }
      await #expect {
        try await admin([
          "tokens", "create", "--role", "guide", "--subject", "nobody", "--database", database,
        ])
      } throws: { "\($0)".contains("no guide nobody") }
      #expect(throws: (any Error).self) {
        _ = try JourneysAdmin.parseAsRoot(["tokens", "create", "--role", "king", "--subject", "x"])
      }
    }
  }

  @Test func aWebhookIsSetKeptOnRenameAndRemoved() async throws {
    try await withDatabase { database in
      try await admin(["organisations", "add", "arras", "--name", "Arras", "--database", database])
      try await admin([
        "webhooks", "set", "arras", "--url", "https://arras.example/hooks", "--database", database,
      ])
      try await admin([
        "organisations", "add", "arras", "--name", "Ville d'Arras", "--database", database,
      ])
      var store = try await openStore(database)
      let hook = try #require(try await store.organisations().first?.webhook)
      #expect(hook.url == "https://arras.example/hooks" && hook.secret.hasPrefix("whsec_"))
      try await store.close()
      try await admin(["webhooks", "deliveries", "--database", database])
      try await admin(["webhooks", "remove", "arras", "--database", database])
      store = try await openStore(database)
      #expect(try await store.organisations().first?.webhook == nil)
      try await store.close()
      // Booking details and signatures do not cross a network in clear.
      for url in ["ftp://x", "http://evil.example.com/hook", "http://10.0.0.2/hook", "https://"] {
        #expect(throws: (any Error).self, "\(url)") {
          _ = try JourneysAdmin.parseAsRoot(["webhooks", "set", "arras", "--url", url])
        }
      }
      for url in ["http://127.0.0.1:9000/hook", "http://localhost/hook", "http://[::1]:8/h"] {
        _ = try JourneysAdmin.parseAsRoot(["webhooks", "set", "arras", "--url", url])
      }
    }
  }
}
