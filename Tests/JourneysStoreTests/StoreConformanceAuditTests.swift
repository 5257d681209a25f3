import Foundation
import Journeys
import JourneysStore
import StoreTestSupport
import Testing

extension StoreConformance {
  @Suite("tokens, the audit log and the webhook queue")
  struct Audit {
    static func token(_ id: AccessToken.ID, hash: String, at: Date = Small.now) -> AccessToken {
      AccessToken(id: id, role: .organisation, subject: "demo", secretHash: hash, createdAt: at)
    }

    @Test(arguments: StoreBackend.allCases)
    func tokensAreFoundByTheirSecretsHashAndStayRevoked(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        try await store.save(Self.token("tok-a", hash: "aa"))
        try await store.save(Self.token("tok-b", hash: "bb", at: Small.now + 1))
        #expect(try await store.token(secretHash: "aa")?.id == "tok-a")
        #expect(try await store.token(secretHash: "cc") == nil)
        var revoked = try #require(try await store.token(secretHash: "bb"))
        revoked.revokedAt = Small.now + 60
        try await store.save(revoked)
        #expect(try await store.token(secretHash: "bb")?.isRevoked == true)
        #expect(try await store.tokens().map(\.id) == ["tok-a", "tok-b"])
        let log = try await store.auditLog(subject: "token:tok-b", after: nil, limit: 10)
        #expect(log.map(\.action) == ["token.created", "token.revoked"])
        // The hash of the secret is not copied into the log.
        #expect(log.allSatisfy { !($0.after ?? "").contains("\"bb\"") })
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func everyBookingChangeIsLoggedWithItsActorAndBothVersions(_ backend: StoreBackend)
      async throws
    {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        let held = Small.booking("bk-1", state: .held(expiresAt: Small.now + 3_600))
        try await AuditTrail.$actor.withValue("organisation:demo") {
          try await Small.insert(held, into: store)
          _ = try await store.updateBooking("bk-1") { try $0.confirmed(at: Small.now) }
        }
        try await AuditTrail.$actor.withValue("admin:claire") {
          _ = try await store.updateBooking("bk-1") { try $0.cancelled(at: Small.now) }
        }
        let log = try await store.auditLog(subject: "booking:bk-1", after: nil, limit: 10)
        #expect(log.map(\.action) == ["booking.held", "booking.confirmed", "booking.cancelled"])
        #expect(log.map(\.actor) == ["organisation:demo", "organisation:demo", "admin:claire"])
        #expect(log.first?.before == nil)
        #expect(log.allSatisfy { $0.organisation == "demo" && $0.after != nil })
        #expect(log[2].before?.contains("confirmed") == true)
        #expect(log[2].after?.contains("cancelled") == true)
        let sequences = log.compactMap(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == 3)
        // Paging on: after the first entry, one at a time.
        let page = try await store.auditLog(subject: "booking:bk-1", after: sequences[0], limit: 1)
        #expect(page.map(\.sequence) == [sequences[1]])
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func expiryIsLoggedAsTheSystems(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        try await Small.insert(
          Small.booking("bk-1", state: .held(expiresAt: Small.now + 60)), into: store)
        #expect(try await store.expireHolds(at: Small.now + 120) == 1)
        let log = try await store.auditLog(subject: "booking:bk-1", after: nil, limit: 10)
        #expect(log.last?.action == "booking.expired")
        #expect(log.last?.actor == "system")
      }
    }

    @Test(arguments: StoreBackend.allCases)
    func changesAreQueuedOnlyForOrganisationsWithAWebhook(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        try await Small.prepare(store)
        var demo = Small.demo
        demo.webhook = Webhook(url: "https://demo.example/hooks", secret: "s3cret")
        try await store.save(demo)
        try await Small.insert(
          Small.booking("bk-d", state: .held(expiresAt: Small.now + 3_600)), into: store)
        try await Small.insert(
          Small.booking("bk-l", organisation: "lille", state: .held(expiresAt: Small.now + 3_600)),
          into: store)
        for id: Booking.ID in ["bk-d", "bk-l"] {
          _ = try await store.updateBooking(id) { try $0.confirmed(at: Small.now) }
        }
        // A hold is not an event; the confirmation of demo's booking is, and lille has no hook.
        let queued = try await store.webhookDeliveries(organisation: nil, limit: 10)
        #expect(queued.map(\.event) == ["booking.confirmed"])
        let delivery = try #require(queued.first)
        #expect(delivery.organisation == "demo" && delivery.state == .pending)
        #expect(delivery.payload.contains("\"booking\":\"bk-d\""))
        // The organisation's secret is not in the audit log.
        let log = try await store.auditLog(subject: "organisation:demo", after: nil, limit: 10)
        #expect(log.allSatisfy { !($0.after ?? "").contains("s3cret") })

        let now = Date()
        let claimed = try #require(
          try await store.claimWebhookDeliveries(at: now, limit: 10, lease: 60).first)
        #expect(claimed.id == delivery.id && claimed.nextAttemptAt == now + 60)
        // Claimed: not handed out again while the lease runs.
        #expect(try await store.claimWebhookDeliveries(at: now, limit: 10, lease: 60).isEmpty)
        #expect(
          try await store.recordAttempt(
            claimed.attempted(at: now, status: 500, error: nil), leasedUntil: now + 60))
        let retried = try await store.webhookDeliveries(organisation: "demo", limit: 10)
        #expect(retried.first?.attempts == 1 && retried.first?.state == .pending)
        #expect(try await store.webhookDeliveries(organisation: "lille", limit: 10).isEmpty)
        let due = try #require(
          try await store.claimWebhookDeliveries(at: now + 31, limit: 10, lease: 60).first)
        #expect(due.id == delivery.id)
        // The lease ran out and another process took the delivery over: the first one's
        // late outcome is not written over the new claim.
        let late = claimed.attempted(at: now + 40, status: 204, error: nil)
        #expect(try await store.recordAttempt(late, leasedUntil: now + 60) == false)
        #expect(
          try await store.webhookDeliveries(organisation: nil, limit: 1).first?.state == .pending)
        #expect(
          try await store.recordAttempt(
            due.attempted(at: now + 45, status: 204, error: nil), leasedUntil: now + 91))
        #expect(
          try await store.webhookDeliveries(organisation: nil, limit: 1).first?.state == .delivered)
      }
    }
  }
}

extension StoreConformance {
  @Suite("periodic jobs")
  struct Jobs {
    @Test(arguments: StoreBackend.allCases)
    func oneHolderAtATimeUntilItsLeaseRunsOut(_ backend: StoreBackend) async throws {
      try await withStore(backend) { store, _ throws in
        let now = Small.now
        #expect(try await store.claimJob("plan", holder: "a", at: now, for: 60))
        #expect(try await store.claimJob("plan", holder: "b", at: now + 10, for: 60) == false)
        // The holder renews its own claim; another job is another lease.
        #expect(try await store.claimJob("plan", holder: "a", at: now + 30, for: 60))
        #expect(try await store.claimJob("expiry", holder: "b", at: now + 30, for: 60))
        #expect(try await store.claimJob("plan", holder: "b", at: now + 80, for: 60) == false)
        #expect(try await store.claimJob("plan", holder: "b", at: now + 91, for: 60))
        #expect(try await store.claimJob("plan", holder: "a", at: now + 100, for: 60) == false)
      }
    }
  }
}
