import Foundation

/// Times a journey on a date for a group and checks every rule on the way.
///
/// The day starts at the journey's start time; each stop starts as soon as the group has
/// travelled there, the site is open for the whole visit and has room, waiting if needed. An
/// optional stop that cannot take place is left out; a mandatory one is a violation. Every
/// violation found is reported, not only the first.
public enum JourneyScheduler {
  /// How the guides of a programme are chosen.
  public enum Staffing: Sendable {
    /// The least loaded qualified guide, one for the whole day if possible: quick, for
    /// answering availability over many dates.
    case leastLoaded
    /// The guide planner, with the day's visits already staffed (`GuideAssignment.staff`):
    /// what a hold reserves.
    case planner
  }

  /// The programme of `journey` on `date` for `group`, with guides, or its violations.
  ///
  /// An optional stop is what the group does if there is time: when the day does not hold
  /// with the optional stops that could take place, it is timed again without one of them
  /// (the latest first), then without all, and the first day that holds is the programme, the
  /// stops left out saying why. Otherwise the violations are those of the whole day.
  public static func schedule(
    _ journey: Journey, on date: LocalDate, for group: GroupProfile, in context: BookingContext,
    staffing: Staffing = .leastLoaded
  ) -> Programme {
    let whole = timed(journey, on: date, for: group, in: context, staffing: staffing)
    guard !whole.isFeasible else { return whole }
    let skipped = Set(whole.omitted.map(\.site))
    let optional = journey.stops.filter { !$0.mandatory && !skipped.contains($0.site) }.map(\.site)
    let trials = optional.reversed().map { [$0] } + (optional.count > 1 ? [optional] : [])
    var lightest: Programme?
    for leftOut in trials {
      var lighter = journey
      lighter.stops.removeAll { !$0.mandatory && leftOut.contains($0.site) }
      var programme = timed(lighter, on: date, for: group, in: context, staffing: staffing)
      lightest = programme
      guard programme.isFeasible else { continue }
      for site in leftOut {
        let name = context.sites[site]?.name ?? site.rawValue
        programme.omitted.append(
          OmittedStop(
            site: site,
            reasons: [Messages.optionalLeftOut(name, site: site, date: date)] + whole.violations))
      }
      return programme
    }
    // Refused even without its optional stops: the reasons are those of the day that must
    // take place, not the knock-on effects of stops it could have done without (an optional
    // visit that pushed a later one past closing).
    guard var refused = lightest else { return whole }
    refused.omitted += optional.map { site in
      let name = context.sites[site]?.name ?? site.rawValue
      return OmittedStop(
        site: site,
        reasons: [Messages.optionalSetAside(name, site: site, date: date)]
          + whole.violations.filter { $0.site == site })
    }
    return refused
  }

  /// `schedule` with every optional stop that can take place kept.
  private static func timed(
    _ journey: Journey, on date: LocalDate, for group: GroupProfile, in context: BookingContext,
    staffing: Staffing
  ) -> Programme {
    var violations = journeyViolations(journey, on: date, for: group, in: context)
    let checks = (
      groupSize: journey.groupSize.contains(group.headcount),
      language: journey.languages.contains(group.language)
    )
    var visits: [Visit] = []
    var omitted: [OmittedStop] = []
    let civil = context.civil
    var cursor: Date
    do {
      cursor = try civil.instant(on: date, at: journey.day.start)
    } catch {
      // 02:30 on the last Sunday of March never happens: say so rather than guess.
      violations.append(Messages.nonexistentTime(date: date, time: journey.day.start))
      cursor = civil.boundary(on: date, at: journey.day.start)
    }
    var previous: Site?
    // Visits that waited for other groups to leave: the first cause of a day that then runs
    // late, which the refusal must name rather than only its last consequence.
    var heldUp: [(site: Site, from: Date, until: Date)] = []

    for stop in journey.stops {
      guard let site = context.sites[stop.site] else {
        violations.append(Messages.unknownSite(stop.site, journey: journey.id))
        continue
      }
      let travel = previous.map { context.travel.minutes(from: $0, to: site) } ?? 0
      var arrival = roundedUp(cursor.addingTimeInterval(Double(travel * 60)))
      let lunch = journey.lunchWindow ?? Journey.defaultLunchWindow
      if stop.kind == .lunch {
        // Nobody lunches at eleven: wait for the lunch window.
        arrival = max(arrival, civil.boundary(on: date, at: lunch.start))
      }
      // A group lunches whatever its language; only what the site presents needs it.
      let placed = place(
        stop, at: site, arrivingAt: arrival, on: date, for: group, in: context,
        checks: stop.kind == .lunch ? (checks.groupSize, false) : checks)
      switch placed {
      case .success(let placement):
        let visit = placement.visit
        if let from = placement.heldUpFrom { heldUp.append((site, from, visit.start)) }
        let startTime = civil.civil(visit.start).time
        if stop.kind == .lunch, startTime < lunch.start || startTime > lunch.end {
          violations.append(
            Messages.lunchWindow(
              journey, date: date, start: visit.start, window: lunch, civil: civil))
        }
        visits.append(visit)
        cursor = visit.end
        previous = site
      case .failure(let problems) where !stop.mandatory:
        omitted.append(OmittedStop(site: site.id, reasons: problems.reasons))
      case .failure(let problems):
        violations += problems.reasons
        // Keep the tentative visit so that the rest of the day is still checked and explained.
        let visit = Visit(
          site: site.id, kind: stop.kind, start: problems.tentativeStart,
          end: problems.tentativeStart.addingTimeInterval(Double(stop.minutes * 60)),
          guided: stop.guided, activity: stop.activity)
        visits.append(visit)
        cursor = visit.end
        previous = site
      }
    }

    let dayEnd = civil.boundary(on: date, at: journey.day.end)
    if let last = visits.last, last.end > dayEnd {
      violations.append(Messages.dayWindow(journey, date: date, end: last.end, civil: civil))
    }
    violations = withCauses(violations, heldUp: heldUp, date: date, civil: civil)
    if violations.isEmpty {
      if staffing == .planner,
        let staffed = GuideAssignment.staff(visits, date: date, group: group, in: context)
      {
        visits = staffed
      } else {
        // Also what explains, visit by visit, why nobody can lead.
        let chosen = GuideSelection.assign(visits, date: date, group: group, in: context)
        visits = chosen.visits
        violations += chosen.violations
      }
    }
    return Programme(visits: visits, omitted: omitted, violations: violations)
  }

  /// `violations` with, before the first timing violation each explains, the visits that
  /// waited for room earlier in the day: the lunch past its window is the consequence, the
  /// site taken by another group the cause.
  static func withCauses(
    _ violations: [Violation], heldUp: [(site: Site, from: Date, until: Date)], date: LocalDate,
    civil: CivilTime
  ) -> [Violation] {
    let timing: Set<Violation.Code> = [
      .siteClosed, .siteCapacity, .siteAfterSunset, .journeyDayWindow, .journeyLunchWindow,
    ]
    var result = violations
    for wait in heldUp.reversed() {
      let explained = result.firstIndex { violation in
        timing.contains(violation.code) && violation.site != wait.site.id
          && (violation.start.map { $0 >= wait.until } ?? true)
      }
      guard let explained else { continue }
      result.insert(
        Messages.heldUp(wait.site, date: date, from: wait.from, until: wait.until, civil: civil),
        at: explained)
    }
    return result
  }

  static func journeyViolations(
    _ journey: Journey, on date: LocalDate, for group: GroupProfile, in context: BookingContext
  ) -> [Violation] {
    var found: [Violation] = []
    if !journey.groupSize.contains(group.headcount) {
      // The stops' own limits are not repeated stop by stop (`siteChecks`), so say them here.
      var named: Set<Site.ID> = []
      let tooSmall = journey.stops.compactMap { context.sites[$0.site] }.filter {
        $0.capacity.maxGroupSize < group.headcount && named.insert($0.id).inserted
      }
      found.append(Messages.groupSize(journey, headcount: group.headcount, tooSmall: tooSmall))
    }
    if !journey.languages.contains(group.language) {
      found.append(Messages.journeyLanguage(journey, language: group.language))
    }
    if date < context.civil.civil(context.now).date {
      found.append(Messages.pastDate(date))
    }
    return found
  }

  /// Rules of the site that do not depend on the time of the visit.
  static func siteChecks(
    _ site: Site, on date: LocalDate, for group: GroupProfile, in context: BookingContext,
    checks: (groupSize: Bool, language: Bool)
  ) -> [Violation] {
    var reasons: [Violation] = []
    // Journey-level violations already say it for the whole day; repeating it per stop adds
    // nothing a person needs.
    if checks.groupSize, group.headcount > site.capacity.maxGroupSize {
      reasons.append(Messages.groupTooLarge(site, headcount: group.headcount, date: date))
    }
    if checks.language, !site.languages.contains(group.language) {
      reasons.append(Messages.siteLanguage(site, language: group.language, date: date))
    }
    if group.needs.wheelchairUsers > 0, site.accessibility.stepFree == false {
      reasons.append(Messages.notStepFree(site, date: date))
    }
    let civil = context.civil
    if let window = site.bookingWindow {
      let daysAhead = civil.civil(context.now).date.distance(to: date)
      if daysAhead >= 0, daysAhead < window.minimumNoticeDays,
        !context.alreadyBooked.contains(site.id)
      {
        reasons.append(Messages.notice(site, date: date, days: window.minimumNoticeDays))
      }
      if daysAhead > window.horizonDays {
        reasons.append(Messages.horizon(site, date: date, days: window.horizonDays))
      }
    }
    if context.ledger.receives(atLeast: site.capacity.groupsPerDay, at: site.id, on: date) {
      reasons.append(Messages.dailyLimit(site, date: date))
    }
    return reasons
  }

  /// Programmes start on the five minutes, as people write them (09:35, not 09:38).
  static func roundedUp(_ instant: Date) -> Date {
    let step = 300.0
    return Date(timeIntervalSince1970: (instant.timeIntervalSince1970 / step).rounded(.up) * step)
  }

  struct PlacementFailure: Error {
    var reasons: [Violation]
    var tentativeStart: Date
  }

  /// A placed visit, and when it could have started had other groups not filled the site.
  struct Placement {
    var visit: Visit
    var heldUpFrom: Date?
  }

  /// The earliest start at or after `arrival` when `site` is open for the whole stop and has
  /// room for the group, or every reason why there is none.
  static func place(
    _ stop: Journey.Stop, at site: Site, arrivingAt arrival: Date, on date: LocalDate,
    for group: GroupProfile, in context: BookingContext,
    checks: (groupSize: Bool, language: Bool) = (true, true)
  ) -> Result<Placement, PlacementFailure> {
    let duration = Double(stop.minutes * 60)
    var reasons = siteChecks(site, on: date, for: group, in: context, checks: checks)
    let civil = context.civil

    let ranges: [LocalTimeRange]
    switch site.openingHours.day(date) {
    case .failure(let closed):
      reasons.append(Messages.closedAllDay(site, date: date, reason: closed.reason))
      return .failure(PlacementFailure(reasons: reasons, tentativeStart: arrival))
    case .success(let open): ranges = open
    }

    let opening = ranges.map {
      (open: civil.boundary(on: date, at: $0.start), close: civil.boundary(on: date, at: $0.end))
    }
    func fits(_ interval: (open: Date, close: Date)) -> Bool {
      max(arrival, interval.open).addingTimeInterval(duration) <= interval.close
    }
    // Outdoor climbs end in daylight: sunset closes the site for them.
    let sunset = site.endsBeforeSunset == true ? Sunset.instant(on: date, at: site) : nil
    guard opening.contains(where: fits) else {
      reasons.append(
        Messages.closedDuringVisit(
          site, date: date, ranges: ranges, arrival: arrival, minutes: stop.minutes, civil: civil))
      // Every reason, not only the first: the same visit may also end after sunset.
      if let sunset, arrival.addingTimeInterval(duration) > sunset {
        reasons.append(
          Messages.afterSunset(
            site, date: date, sunset: sunset, arrival: arrival, minutes: stop.minutes,
            civil: civil))
      }
      return .failure(PlacementFailure(reasons: reasons, tentativeStart: arrival))
    }
    let intervals = opening.map { (open: $0.open, close: min($0.close, sunset ?? $0.close)) }
    let fitting = intervals.filter(fits)
    guard !fitting.isEmpty else {
      // Only sunset can empty intervals that fit before it was applied.
      reasons.append(
        Messages.afterSunset(
          site, date: date, sunset: sunset ?? arrival, arrival: arrival, minutes: stop.minutes,
          civil: civil))
      return .failure(PlacementFailure(reasons: reasons, tentativeStart: arrival))
    }

    // Candidate starts: on arrival, at each opening, and as each visit already there ends.
    let ends = context.ledger.visits(at: site.id, on: date).map(\.visit.end)
    let candidates = ([arrival] + intervals.map(\.open) + ends).filter { $0 >= arrival }.sorted()
    let start = candidates.first { start in
      let end = start.addingTimeInterval(duration)
      return fitting.contains { $0.open <= start && end <= $0.close }
        && context.ledger.hasRoom(
          at: site.id, on: date, from: start, to: end, below: site.capacity.simultaneousGroups)
    }
    guard let start else {
      reasons.append(
        Messages.siteFull(site, date: date, from: arrival, minutes: stop.minutes, civil: civil))
      return .failure(PlacementFailure(reasons: reasons, tentativeStart: arrival))
    }
    guard reasons.isEmpty else {
      return .failure(PlacementFailure(reasons: reasons, tentativeStart: start))
    }
    let open = candidates.first { start in
      let end = start.addingTimeInterval(duration)
      return fitting.contains { $0.open <= start && end <= $0.close }
    }
    return .success(
      Placement(
        visit: Visit(
          site: site.id, kind: stop.kind, start: start, end: start.addingTimeInterval(duration),
          guided: stop.guided, activity: stop.activity),
        heldUpFrom: open.flatMap { $0 < start ? $0 : nil }))
  }
}
