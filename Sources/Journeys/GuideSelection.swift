import Foundation

/// Chooses a guide for each guided visit of one programme.
///
/// A guide qualifies when he or she is active, speaks the group's language, is certified for the
/// site, is not leading anything else at the time, has the travel time from and to his or her
/// other visits, and stays within the hours per day and per week. One guide for the whole day is
/// preferred; failing that, each visit gets the least loaded qualified guide.
public enum GuideSelection {
  /// The visits with guides assigned, and a violation for each guided visit left without one.
  public static func assign(
    _ visits: [Visit], date: LocalDate, group: GroupProfile, in context: BookingContext
  ) -> (visits: [Visit], violations: [Violation]) {
    let guided = visits.indices.filter { visits[$0].guided }
    guard !guided.isEmpty else { return (visits, []) }
    let loads = Dictionary(context.guides.map { ($0.id, load($0, in: context)) }) { a, _ in a }
    let candidates = context.guides
      .filter { $0.active && $0.languages.contains(group.language) }
      .sorted { (loads[$0.id] ?? 0, $0.id) < (loads[$1.id] ?? 0, $1.id) }

    // One guide for the whole day keeps the group with the same person.
    for guide in candidates {
      var taken: [Visit] = []
      let fits = guided.allSatisfy { index in
        var visit = visits[index]
        visit.guide = guide.id
        guard canLead(guide, visit, alongside: taken, in: context) else { return false }
        taken.append(visit)
        return true
      }
      if fits {
        var staffed = visits
        for index in guided { staffed[index].guide = guide.id }
        return (staffed, [])
      }
    }

    var staffed = visits
    var violations: [Violation] = []
    var previous: Guide.ID?
    for index in guided {
      let preferred = candidates.filter { $0.id == previous } + candidates
      let taken = staffed.filter { $0.guide != nil }
      var visit = staffed[index]
      if let guide = preferred.first(where: { guide in
        visit.guide = guide.id
        return canLead(guide, visit, alongside: taken, in: context)
      }) {
        staffed[index].guide = guide.id
        previous = guide.id
      } else {
        staffed[index].guide = nil
        visit.guide = nil
        let refusals = candidates.compactMap {
          refusal($0, visit, alongside: taken, in: context)
        }
        violations.append(
          Messages.noGuide(
            visit, siteName: context.sites[visit.site]?.name ?? visit.site.rawValue,
            language: group.language, date: date, refusals: refusals, civil: context.civil))
      }
    }
    return (staffed, violations)
  }

  /// Whether `guide` can lead `visit` given the ledger and the visits `alongside` (already given
  /// to guides in the same programme).
  static func canLead(
    _ guide: Guide, _ visit: Visit, alongside: [Visit], in context: BookingContext
  ) -> Bool {
    refusal(guide, visit, alongside: alongside, in: context) == nil
  }

  /// Why a guide cannot lead a visit.
  enum Refusal: Hashable, Sendable {
    case notCertified, outsideAvailability, absent, busy, travel, rest, dayHours, weekHours
  }

  /// The first reason `guide` cannot lead `visit`, or nil when he or she can. `day`, when given,
  /// is the guide's ledger around the visit's day, read once for all the visits of that day.
  static func refusal(
    _ guide: Guide, _ visit: Visit, alongside: [Visit], in context: BookingContext,
    day known: GuideDay? = nil
  ) -> Refusal? {
    refusal(guide, VisitFacts(visit, in: context), alongside: alongside, in: context, day: known)
  }

  /// `refusal` for a visit whose facts were worked out once for every guide asked about.
  static func refusal(
    _ guide: Guide, _ facts: VisitFacts, alongside: [Visit], in context: BookingContext,
    day known: GuideDay? = nil
  ) -> Refusal? {
    let visit = facts.visit
    guard facts.location != nil, guide.isCertified(for: visit.site, themes: facts.themes) else {
      return .notCertified
    }
    let civil = context.civil
    let day = facts.day
    if let week = guide.weeklyAvailability {
      let fits = (week[day.weekday] ?? []).contains {
        $0.start <= facts.start && facts.end <= $0.end && facts.endsTheSameDay
      }
      if !fits { return .outsideAvailability }
    }
    if (guide.unavailable ?? []).contains(where: { $0.start < visit.end && visit.start < $0.end }) {
      return .absent
    }
    let mine = alongside.filter { $0.guide == guide.id }
    let ledger =
      known.flatMap { $0.day == day ? $0 : nil }
      ?? GuideDay(guide.id, on: day, in: context.ledger)
    // The first refusal `reason` finds among the guide's visits of a day: booked ones read
    // in place (a visit is a dozen references to copy), then those of `mine` that start then.
    func firstLed(on date: LocalDate, _ reason: (Visit) -> Refusal?) -> Refusal? {
      for entry in ledger.entries(on: date) {
        if let found = reason(entry.visit) { return found }
      }
      for other in mine where civil.civil(other.start).date == date {
        if let found = reason(other) { return found }
      }
      return nil
    }
    func clash(_ other: Visit) -> Refusal? {
      guard let location = facts.location, let otherLocation = context.sites[other.site]?.location
      else { return .busy }
      if other.overlaps(visit) { return .busy }
      let (here, there) = ((visit.site, location), (other.site, otherLocation))
      let (from, to, gap) =
        other.end <= visit.start
        ? (there, here, visit.start.timeIntervalSince(other.end))
        : (here, there, other.start.timeIntervalSince(visit.end))
      return gap < Double(context.travel.minutes(from: from, to: to) * 60) ? .travel : nil
    }
    // Only the same day (and a visit of the evening before running late) can clash.
    if let found = firstLed(on: day, clash) ?? firstLed(on: day.adding(days: -1), clash) {
      return found
    }
    if let rest = guide.minimumRestHours {
      let needed = Double(rest * 3600)
      let broken =
        firstLed(on: day.adding(days: -1)) {
          visit.start.timeIntervalSince($0.end) < needed ? .rest : nil
        }
        ?? firstLed(on: day.adding(days: 1)) {
          $0.start.timeIntervalSince(visit.end) < needed ? .rest : nil
        }
      if let broken { return broken }
    }
    func worked(on day: LocalDate) -> Double {
      guard !mine.isEmpty else { return ledger.minutes(on: day) }
      return ledger.minutes(on: day)
        + mine.filter { civil.civil($0.start).date == day }.reduce(0) {
          $0 + $1.end.timeIntervalSince($1.start) / 60
        }
    }
    if worked(on: day) + facts.minutes > Double(guide.maxHoursPerDay * 60) { return .dayHours }
    let week = (0..<7).reduce(facts.minutes) { $0 + worked(on: ledger.monday.adding(days: $1)) }
    if week > Double(guide.maxHoursPerWeek * 60) { return .weekHours }
    return nil
  }

  /// What `refusal` reads of a visit whatever the guide: its site, and its local day and times.
  struct VisitFacts {
    let visit: Visit
    /// The site's location, nil when the site is unknown; the themes that certify a guide as
    /// well as the site itself does (`Site.certifyingThemes`). Not the site: a copy of one is
    /// dozens of retains, and
    /// `refusal` runs for every guide.
    let location: Site.Location?
    let themes: [Theme]
    let day: LocalDate
    let start: LocalTime
    let end: LocalTime
    /// Whether the visit ends on the day it starts.
    let endsTheSameDay: Bool
    let minutes: Double

    init(_ visit: Visit, in context: BookingContext) {
      self.visit = visit
      location = context.sites[visit.site]?.location
      themes = context.sites[visit.site]?.certifyingThemes ?? []
      (day, start) = context.civil.civil(visit.start)
      let (endDay, endTime) = context.civil.civil(visit.end)
      end = endTime
      endsTheSameDay = endDay == day
      minutes = visit.end.timeIntervalSince(visit.start) / 60
    }
  }

  /// What the ledger holds of one guide around one day: the visits of the day before, the day
  /// and the day after (what can clash or break the rest), and the minutes of each day of the
  /// week.
  struct GuideDay {
    let day: LocalDate
    /// The Monday of the day's week.
    let monday: LocalDate
    private let entries: [[Ledger.Entry]]
    private let weekMinutes: [Double]

    init(_ guide: Guide.ID, on day: LocalDate, in ledger: Ledger) {
      self.day = day
      let monday = day.adding(days: -day.weekday.index)
      self.monday = monday
      let days = ledger.days(of: guide)
      let (number, first) = (day.dayNumber, monday.dayNumber)
      entries = (-1...1).map { days.visits[number + $0] ?? [] }
      weekMinutes = (0..<7).map { days.minutes[first + $0] ?? 0 }
    }

    /// The guide's booked visits on `date`, one of the three days around `day`.
    func entries(on date: LocalDate) -> [Ledger.Entry] { entries[day.distance(to: date) + 1] }

    /// The minutes the guide leads on `date`, a day of the week of `day`.
    func minutes(on date: LocalDate) -> Double { weekMinutes[monday.distance(to: date)] }
  }

  /// Minutes already led in the ledger: work goes first to the least loaded guide.
  static func load(_ guide: Guide, in context: BookingContext) -> Double {
    context.ledger.totalMinutes(of: guide.id)
  }
}
