import Foundation

/// What a newly published catalogue contradicts among the bookings still to come, for the admin
/// who publishes it: publishing never changes a booking, so a closure added on a booked day, a
/// site removed, a capacity reduced or a journey withdrawn must be followed up by a person.
public enum CatalogueImpact {
  /// A booking the catalogue now contradicts, and how.
  public struct Finding: Sendable {
    public var booking: Booking
    public var reasons: [LocalizedText]
  }

  /// The bookings active at `now`, dated today or later, that `catalogue` contradicts: a visit
  /// at a site it no longer has, that is not open for the whole visit, whose groups it now caps
  /// below the booking's, or with more groups that day or at once than it now takes; or a
  /// journey `catalogue` no longer offers (withdrawn now or earlier: either way followed up).
  /// By date, then booking id.
  public static func findings(
    _ bookings: [Booking], catalogue: Catalogue, civil: CivilTime, now: Date
  ) -> [Finding] {
    let today = civil.civil(now).date
    let coming = bookings.filter { $0.date >= today && $0.isActive(at: now) }
    let crowded = crowding(coming, catalogue: catalogue, civil: civil)
    var found: [Finding] = []
    for booking in coming {
      var reasons: [LocalizedText] = []
      if !catalogue.offers(booking.journey) { reasons.append(noLongerOffered(booking.journey)) }
      reasons += visitReasons(booking, catalogue: catalogue, civil: civil).map(\.reason)
      reasons += (crowded[booking.id] ?? []).map(\.reason)
      if !reasons.isEmpty { found.append(Finding(booking: booking, reasons: reasons)) }
    }
    return found.sorted { ($0.booking.date, $0.booking.id) < ($1.booking.date, $1.booking.id) }
  }

  /// A booking's journey is no longer in the catalogue, as a follow-up reason.
  static func noLongerOffered(_ journey: Journey.ID) -> LocalizedText {
    .init(
      fr: "le parcours \(journey) n'est plus proposé",
      en: "the journey \(journey) is no longer offered")
  }

  /// Guides whose home or certifications name sites `catalogue` no longer has, with those
  /// sites: publishing keeps guide records as they are, so an admin must update them (a
  /// certification for a removed site qualifies for nothing). By guide id.
  public static func guidesNamingRemovedSites(_ guides: [Guide], catalogue: Catalogue)
    -> [(guide: Guide.ID, sites: [Site.ID])]
  {
    guides.sorted { $0.id < $1.id }.compactMap { guide in
      let named = [guide.home].compactMap { $0 } + guide.certifiedSites
      var seen: Set<Site.ID> = []
      let gone = named.filter { catalogue.site($0) == nil && seen.insert($0).inserted }
      return gone.isEmpty ? nil : (guide.id, gone)
    }
  }

  /// For each booking, the sites that now receive more groups than the catalogue allows, on
  /// its day or at once with it: every booking of a crowded site and day is named, since which
  /// of them must move is for a person to decide.
  static func crowding(_ bookings: [Booking], catalogue: Catalogue, civil: CivilTime)
    -> [Booking.ID: [(site: Site.ID, reason: LocalizedText)]]
  {
    var reasons: [Booking.ID: [(site: Site.ID, reason: LocalizedText)]] = [:]
    let visits = bookings.flatMap { booking in booking.visits.map { (booking, $0) } }
    let bySiteAndDay = Dictionary(grouping: visits) { "\($0.1.site)|\($0.0.date)" }
    for group in bySiteAndDay.values {
      guard let (first, visit) = group.first, let site = catalogue.site(visit.site) else {
        continue
      }
      let day = Wording.date(first.date)
      let booked = Set(group.map(\.0.id))
      if booked.count > site.capacity.groupsPerDay {
        let max = site.capacity.groupsPerDay
        for id in booked {
          reasons[id, default: []].append(
            (
              site.id,
              .init(
                fr:
                  "\(site.name) reçoit désormais \(max) groupe(s) par jour au plus ; \(booked.count) y sont réservés le \(day.fr)",
                en:
                  "\(site.name) now takes at most \(max) group(s) a day; \(booked.count) are booked there on \(day.en)"
              )
            ))
        }
      }
      let max = site.capacity.simultaneousGroups
      for (booking, visit) in group {
        // The most groups there at one instant of the visit (the visits overlapping it need
        // not overlap one another): the count changes only as a visit starts.
        let overlapping = group.filter { $0.1.start < visit.end && visit.start < $0.1.end }
        let instants = [visit.start] + overlapping.map(\.1.start).filter { $0 > visit.start }
        let (peak, instant) = instants.map { instant in
          (
            Set(overlapping.filter { $0.1.start <= instant && instant < $0.1.end }.map(\.0.id))
              .count,
            instant
          )
        }.max { ($0.0, $1.1) < ($1.0, $0.1) }!
        guard peak > max else { continue }
        let at = Wording.time(instant, civil)
        reasons[booking.id, default: []].append(
          (
            site.id,
            .init(
              fr:
                "\(site.name) reçoit désormais \(max) groupe(s) à la fois ; \(peak) s'y trouvent ensemble le \(day.fr) à \(at)",
              en:
                "\(site.name) now takes \(max) group(s) at a time; \(peak) are there together on \(day.en) at \(at)"
            )
          ))
      }
    }
    return reasons
  }

  /// For each of `bookings` and each site it visits, why `catalogue` no longer allows the
  /// visit there: closed or withdrawn, the group too large, more groups than it now takes that
  /// day or at once (counted among `bookings`). What a day's manifest marks for follow-up.
  public static func visitConflicts(
    _ bookings: [Booking], catalogue: Catalogue, civil: CivilTime
  ) -> [Booking.ID: [Site.ID: [LocalizedText]]] {
    var found: [Booking.ID: [Site.ID: [LocalizedText]]] = [:]
    let crowded = crowding(bookings, catalogue: catalogue, civil: civil)
    for booking in bookings {
      let reasons =
        visitReasons(booking, catalogue: catalogue, civil: civil) + (crowded[booking.id] ?? [])
      for (site, reason) in reasons {
        found[booking.id, default: [:]][site, default: []].append(reason)
      }
    }
    return found
  }

  /// Why each visit of `booking` no longer fits `catalogue` on its own: closed or withdrawn,
  /// or the group too large for the site.
  static func visitReasons(_ booking: Booking, catalogue: Catalogue, civil: CivilTime)
    -> [(site: Site.ID, reason: LocalizedText)]
  {
    var reasons: [(site: Site.ID, reason: LocalizedText)] = []
    for visit in booking.visits {
      if let reason = conflict(visit, on: booking.date, catalogue: catalogue, civil: civil) {
        reasons.append((visit.site, reason))
      }
      if let site = catalogue.site(visit.site),
        booking.group.headcount > site.capacity.maxGroupSize
      {
        reasons.append(
          (
            site.id,
            Messages.groupTooLarge(site, headcount: booking.group.headcount, date: booking.date)
              .message
          ))
      }
    }
    return reasons
  }

  /// Why `visit` no longer fits `catalogue`, or nil.
  static func conflict(_ visit: Visit, on date: LocalDate, catalogue: Catalogue, civil: CivilTime)
    -> LocalizedText?
  {
    guard let site = catalogue.site(visit.site) else {
      return .init(
        fr: "le site \(visit.site) n'est plus au catalogue",
        en: "the site \(visit.site) is no longer in the catalogue")
    }
    switch site.openingHours.day(date) {
    case .failure(let closed):
      return Messages.closedAllDay(site, date: date, reason: closed.reason).message
    case .success(let ranges):
      let (start, end) = (civil.civil(visit.start).time, civil.civil(visit.end).time)
      let minutes = Int(visit.end.timeIntervalSince(visit.start) / 60)
      guard ranges.contains(where: { $0.start <= start && end <= $0.end }) else {
        return Messages.closedDuringVisit(
          site, date: date, ranges: ranges, arrival: visit.start, minutes: minutes, civil: civil
        ).message
      }
      // An outdoor site now to be left before sunset (a limit published since).
      if site.endsBeforeSunset == true, let sunset = Sunset.instant(on: date, at: site) {
        if visit.end > sunset {
          return Messages.afterSunset(
            site, date: date, sunset: sunset, arrival: visit.start, minutes: minutes, civil: civil
          ).message
        }
      }
      return nil
    }
  }
}
