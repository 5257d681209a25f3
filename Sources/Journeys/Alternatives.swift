import Foundation

/// Something a group could do instead when its request cannot be booked, and what it changes.
public struct Alternative: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// The same journey on another date.
    case otherDate = "other_date"
    /// The same day starting earlier or later.
    case otherStartTime = "other_start_time"
    /// Two sub-groups, side by side when the sites and guides take both at once, else the
    /// second starting later so that they rotate between the stops.
    case splitGroup = "split_group"
  }

  public var kind: Kind
  public var date: LocalDate
  /// The start of the day, when it moves.
  public var startTime: LocalTime?
  /// One programme per (sub-)group, with its headcount.
  public var groups: [SubGroup]
  /// What changes compared with the request, in words.
  public var change: LocalizedText

  /// A group, or one of the sub-groups of a split, and its programme.
  public struct SubGroup: Hashable, Sendable {
    public var headcount: Int
    public var programme: Programme
  }
}

/// Finds the nearest feasible alternatives to an infeasible request, as a booking officer would:
/// another date, another start time, or the group split in two. (The day without an optional
/// stop is not one: `JourneyScheduler` already leaves out an optional stop the day cannot hold.)
public enum AlternativeFinder {
  /// Minutes by which the start of the day may move, nearest first, as far either way: a
  /// group that asked to start at noon may be offered the morning.
  static let startShifts = [30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180, -180]

  /// Alternatives to `journey` on `date` for `group`, nearest first, at most `dateLimit` other
  /// dates. `otherDates` are the dates to consider, in any order; the context's ledger must
  /// cover them.
  public static func alternatives(
    to journey: Journey, on date: LocalDate, for group: GroupProfile, in context: BookingContext,
    otherDates: [LocalDate], dateLimit: Int = 3
  ) -> [Alternative] {
    var found: [Alternative] = []

    let nearest = otherDates.filter { $0 != date }
      .sorted { (abs($0.distance(to: date)), $0) < (abs($1.distance(to: date)), $1) }
    var dates = 0
    for other in nearest where dates < dateLimit {
      let programme = JourneyScheduler.schedule(journey, on: other, for: group, in: context)
      guard programme.isFeasible else { continue }
      dates += 1
      let day = Wording.date(other)
      found.append(
        Alternative(
          kind: .otherDate, date: other, startTime: nil,
          groups: [.init(headcount: group.headcount, programme: programme)],
          change: .init(fr: "Le \(day.fr) au lieu du jour demandé.", en: "On \(day.en) instead.")))
    }

    for shift in startShifts {
      guard let start = LocalTime(minutes: journey.day.start.minutes + shift),
        start.hour >= 7, start < journey.day.end
      else { continue }
      var shifted = journey
      shifted.day.start = start
      let programme = JourneyScheduler.schedule(shifted, on: date, for: group, in: context)
      guard programme.isFeasible else { continue }
      found.append(
        Alternative(
          kind: .otherStartTime, date: date, startTime: start,
          groups: [.init(headcount: group.headcount, programme: programme)],
          change: .init(
            fr: "Commencer la journée à \(start) au lieu de \(journey.day.start).",
            en: "Start the day at \(start) instead of \(journey.day.start).")))
      break
    }

    if let split = splitGroup(journey, on: date, for: group, in: context) { found.append(split) }
    return found
  }

  /// Two sub-groups of half the headcount each, the second at once if it can or else starting
  /// later, scheduled one after the other so that the second sees the first's visits
  /// (capacity and guides).
  static func splitGroup(
    _ journey: Journey, on date: LocalDate, for group: GroupProfile, in context: BookingContext
  ) -> Alternative? {
    let first = (group.headcount + 1) / 2
    let second = group.headcount / 2
    guard second >= journey.groupSize.lowerBound, first <= journey.groupSize.upperBound else {
      return nil
    }
    var a = group
    a.headcount = first
    let programmeA = JourneyScheduler.schedule(journey, on: date, for: a, in: context)
    guard programmeA.isFeasible else { return nil }
    var withA = context
    withA.ledger.add(programmeA.visits, of: Booking.ID("proposed-sub-group-1"), headcount: first)
    var b = group
    b.headcount = second
    b.needs.wheelchairUsers = 0  // whoever uses a wheelchair is in the first sub-group
    for delay in [0] + startShifts.filter({ $0 > 0 }) {
      guard let start = LocalTime(minutes: journey.day.start.minutes + delay),
        start < journey.day.end
      else { continue }
      var later = journey
      later.day.start = start
      let programmeB = JourneyScheduler.schedule(later, on: date, for: b, in: withA)
      guard programmeB.isFeasible else { continue }
      // What the second sub-group's programme says, which may wait past `start` for room.
      let begins = programmeB.visits.first.map { context.civil.civil($0.start).time } ?? start
      let together = programmeA.visits.map(\.start) == programmeB.visits.map(\.start)
      return Alternative(
        kind: .splitGroup, date: date, startTime: nil,
        groups: [
          .init(headcount: first, programme: programmeA),
          .init(headcount: second, programme: programmeB),
        ],
        // Side by side when the sites and guides take both at once: saying the second
        // "starts later" would be false then.
        change: together
          ? .init(
            fr:
              "Deux sous-groupes de \(first) et \(second) personnes, côte à côte dès \(begins), chacun avec son guide.",
            en:
              "Two sub-groups of \(first) and \(second) people, side by side from \(begins), each with its own guide."
          )
          : .init(
            fr:
              "Deux sous-groupes de \(first) et \(second) personnes, le second commençant à \(begins).",
            en:
              "Two sub-groups of \(first) and \(second) people, the second starting at \(begins)."))
    }
    return nil
  }
}
