import Foundation

/// One state change as the audit log keeps it: who, when, what, and the object before and
/// after (as stored JSON). Stores write it in the same transaction as the change itself, so
/// that the log never misses a change nor records one that did not happen.
public struct AuditEntry: Hashable, Sendable, Codable {
  /// The log's order, assigned by the store; nil before it is written.
  public var sequence: Int?
  public var at: Date
  /// Who caused it: `role:subject` (`organisation:demo`, `admin:claire`) or `system:…`.
  public var actor: String
  /// What changed: `booking:bk-…`, `guide:…`, `organisation:…`, `token:tok-…`.
  public var subject: String
  /// A stable name for the kind of change (`booking.confirmed`, `token.revoked`, …).
  public var action: String
  /// The organisation the change concerns, if any: its webhooks hear of it.
  public var organisation: Organisation.ID?
  public var before: String?
  public var after: String?

  public init(
    sequence: Int? = nil, at: Date, actor: String, subject: String, action: String,
    organisation: Organisation.ID? = nil, before: String?, after: String?
  ) {
    self.sequence = sequence
    self.at = at
    self.actor = actor
    self.subject = subject
    self.action = action
    self.organisation = organisation
    self.before = before
    self.after = after
  }
}

/// Who the changes made in the current task are recorded against.
///
/// A task-local rather than a parameter of every store method: the API sets it once per
/// request from the caller's token, the CLI and the background sweeps once per run, and every
/// write below — however deep — records the same actor.
public enum AuditTrail {
  @TaskLocal public static var actor: String = "system"

  /// The audit action for a booking written as `after`, `before` being its previous version.
  public static func bookingAction(before: Booking?, after: Booking) -> String {
    guard let before else { return "booking.\(after.state.name == "held" ? "held" : "created")" }
    if before.state.name != after.state.name { return "booking.\(after.state.name)" }
    func times(_ booking: Booking) -> [String] {
      booking.visits.map {
        "\($0.site) \($0.start.timeIntervalSince1970) \($0.end.timeIntervalSince1970)"
      }
    }
    if before.group != after.group || times(before) != times(after) { return "booking.changed" }
    // A decline leaves the visit without its guide until the re-plan that follows gives it
    // another (a change of its own): the guide's answer, not a change of guides.
    if before.visits.map({ $0.declinedBy ?? [] }) != after.visits.map({ $0.declinedBy ?? [] }) {
      return "booking.assignment_answered"
    }
    if before.visits.map(\.guide) != after.visits.map(\.guide) { return "booking.guides_changed" }
    if before.visits != after.visits { return "booking.assignment_answered" }
    return "booking.updated"
  }

  /// The entry for a booking written as `after`.
  /// `stored` is each version as the store keeps it (its JSON), written into the entry.
  public static func booking(
    before: Booking?, after: Booking, stored: (before: String?, after: String), at: Date
  ) -> AuditEntry {
    AuditEntry(
      at: at, actor: actor, subject: "booking:\(after.id)",
      action: bookingAction(before: before, after: after), organisation: after.group.organisation,
      before: stored.before, after: stored.after)
  }
}
