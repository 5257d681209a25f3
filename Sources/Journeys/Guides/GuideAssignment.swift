import Foundation

/// One guided visit of a booking, by its position in the booking's programme.
public struct VisitKey: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var booking: Booking.ID
  public var position: Int

  public init(booking: Booking.ID, position: Int) {
    self.booking = booking
    self.position = position
  }

  public static func < (a: VisitKey, b: VisitKey) -> Bool {
    (a.booking.rawValue, a.position) < (b.booking.rawValue, b.position)
  }

  /// The assignment id the API takes (`bk-….3`), so that what the CLI prints can be used there.
  public var description: String { assignmentID }
}

/// A guide plan over a horizon: who leads each guided visit, what could not be staffed and
/// why, and what changed from the plan in force.
public struct GuidePlan: Sendable {
  /// A visit whose guide changes.
  public struct Change: Hashable, Sendable {
    public var visit: VisitKey
    public var site: Site.ID
    public var start: Date
    public var from: Guide.ID?
    public var to: Guide.ID?
  }

  public var assignments: [VisitKey: Guide.ID]
  /// Guided visits nobody can lead, with why.
  public var unassigned: [VisitKey: Violation]
  /// Differences from the guides the bookings name now, by start time.
  public var changes: [Change]
  public var guidesUsed: Int
  public var seconds: Double

  /// The part of the plan a guide's own change (an absence, a decline) is about: the visits
  /// taken from or given to `guide`, and those of them nobody else can lead. The rest of the
  /// plan is other guides' and other organisations' business.
  public func concerning(_ guide: Guide.ID) -> GuidePlan {
    var plan = self
    plan.changes = changes.filter { $0.from == guide || $0.to == guide }
    let released = Set(plan.changes.filter { $0.from == guide }.map(\.visit))
    plan.unassigned = unassigned.filter { released.contains($0.key) }
    plan.assignments = assignments.filter { released.contains($0.key) || $0.value == guide }
    plan.guidesUsed = Set(plan.assignments.values).count
    return plan
  }

  /// The part of the plan about `bookings`.
  func restricted(to bookings: Set<Booking.ID>) -> GuidePlan {
    var plan = self
    plan.assignments = assignments.filter { bookings.contains($0.key.booking) }
    plan.unassigned = unassigned.filter { bookings.contains($0.key.booking) }
    plan.changes = changes.filter { bookings.contains($0.visit.booking) }
    plan.guidesUsed = Set(plan.assignments.values).count
    return plan
  }
}

/// Plans guides for the guided visits of a horizon (`RosterSolver`): every visit that can be
/// staffed is, by a guide who speaks the group's language, is certified, available, never in
/// two places at once, with the travel time between visits, within hours per day and week and
/// rest; then as few guides as possible, fair hours, one guide per group and day, and the
/// fewest changes to the plan in force (accepted assignments are pinned unless impossible, and
/// a guide who declined a visit is not given it again).
public enum GuideAssignment {
  /// Visits starting sooner than this keep their guide unless that becomes impossible (an
  /// absence, a decline): a re-plan never surprises a guide or a group at the last minute.
  public static let settledNotice: TimeInterval = 48 * 3600

  /// The plan for the guided visits of `bookings` (those active at `now`). `pinned` visits keep
  /// their guide whatever his or her availability: they are facts from outside the horizon,
  /// there for the rest and hours around them.
  public static func plan(
    bookings: [Booking], guides: [Guide], in context: BookingContext,
    pinned: [VisitKey: Guide.ID] = [:], options: RosterOptions = .init(timeLimit: 5)
  ) -> GuidePlan {
    let model = Model(bookings: bookings, guides: guides, context: context, pinned: pinned)
    return model.plan(RosterSolver.solve(model.problem, options: options))
  }

  /// Re-plans after `guide` became unavailable (already recorded in `guides`): only visits that
  /// must move do, to the fewest other guides. `pinned` as for `plan`.
  public static func repair(
    bookings: [Booking], guides: [Guide], in context: BookingContext,
    pinned: [VisitKey: Guide.ID] = [:], options: RosterOptions = .init(timeLimit: 1)
  ) -> GuidePlan {
    let model = Model(bookings: bookings, guides: guides, context: context, pinned: pinned)
    let current = RosterAssignment(
      workerOfTask: model.tasks.map { key in
        model.current[key].flatMap { model.workerIndex[$0] }
      })
    return model.plan(RosterSolver.repair(model.problem, current: current, options: options))
  }
}
