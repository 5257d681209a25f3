import ArgumentParser
import Foundation
import Journeys

struct AuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "The audit log: every change of a booking, guide, organisation or token.",
    discussion: """
      Each entry says when, who (role:subject, or system for the sweeps), what and about \
      which object; --full adds the object before and after the change. Entries come oldest \
      first from --after (the start by default); --latest shows the most recent instead.
      """)

  @Option(help: "Only this booking's entries.") var booking: String?
  @Option(help: "Only the entries about this subject (booking:…, guide:…, token:…).")
  var subject: String?
  @Option(parsing: .unconditional, help: "Only entries after this sequence number (to page on).")
  var after: Int?
  @Option(parsing: .unconditional, help: "At most this many entries.") var limit: Int = 100
  @Flag(help: "Print the object before and after each change.") var full = false
  @Flag(help: "The most recent entries (the last --limit of them), not the first.")
  var latest = false
  @OptionGroup var store: StoreOptions

  func validate() throws {
    guard booking == nil || subject == nil else {
      throw ValidationError("give --booking or --subject, not both")
    }
    guard (1...10_000).contains(limit) else { throw ValidationError("--limit is 1 to 10000") }
    if let after, after < 0 { throw ValidationError("--after is a sequence number, 0 or more") }
    // An entry's subject is always kind:id; anything else would just list nothing.
    if let subject {
      let parts = subject.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, Self.kinds.contains(String(parts[0])) else {
        throw ValidationError(
          "--subject is kind:id with kind one of \(Self.kinds.joined(separator: ", ")) (guide:guide-camille)"
        )
      }
    }
  }

  /// What the audit log records changes of.
  static let kinds = ["booking", "catalogue", "guide", "organisation", "token"]

  /// The entries to show, and whether later ones follow them.
  func read(_ store: any BookingStore, subject: String?) async throws -> (
    entries: [AuditEntry], more: Bool
  ) {
    guard latest else {
      // One more than shown, to tell whether there are more.
      let page = try await store.auditLog(subject: subject, after: after, limit: limit + 1)
      return (Array(page.prefix(limit)), page.count > limit)
    }
    // The log pages forward only: read on to the end, keeping the last entries.
    var kept: [AuditEntry] = []
    var cursor = after
    while true {
      let page = try await store.auditLog(subject: subject, after: cursor, limit: Self.page)
      kept = Array((kept + page).suffix(limit))
      guard page.count == Self.page, let last = page.last?.sequence else { return (kept, false) }
      cursor = last
    }
  }

  /// Entries read at once while looking for the latest.
  static let page = 10_000

  func run() async throws {
    let subject = booking.map { "booking:\($0)" } ?? subject
    let (entries, more) = try await store.withStore { store in
      try await read(store, subject: subject)
    }
    defer {
      if more, let last = entries.last?.sequence {
        print("more entries follow: --after \(last) (or --latest for the most recent)")
      }
    }
    guard !full else {
      for entry in entries {
        print(
          "#\(entry.sequence ?? 0) \(CivilTime.paris.iso8601(entry.at)) \(entry.actor) \(entry.action) \(entry.subject)"
        )
        print("  before: \(entry.before ?? "—")")
        print("  after:  \(entry.after ?? "—")")
      }
      return
    }
    print(
      Table.render(
        ["SEQ", "AT", "ACTOR", "ACTION", "SUBJECT"],
        entries.map {
          ["\($0.sequence ?? 0)", CivilTime.paris.iso8601($0.at), $0.actor, $0.action, $0.subject]
        }))
  }
}
