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
        let site = context.sites[visit.site]
        violations.append(
          Messages.noGuide(
            site: visit.site, siteName: site?.name ?? visit.site.rawValue, language: group.language,
            date: date, start: visit.start, end: visit.end, civil: context.civil))
      }
    }
    return (staffed, violations)
  }

  /// Whether `guide` can lead `visit` given the ledger and the visits `alongside` (already given
  /// to guides in the same programme).
  static func canLead(
    _ guide: Guide, _ visit: Visit, alongside: [Visit], in context: BookingContext
  ) -> Bool {
    guard let site = context.sites[visit.site], guide.isCertified(for: site) else { return false }
    let others =
      context.ledger.visits(of: guide.id).map(\.visit) + alongside.filter { $0.guide == guide.id }
    for other in others {
      guard let otherSite = context.sites[other.site] else { return false }
      if other.overlaps(visit) { return false }
      if other.end <= visit.start {
        let gap = visit.start.timeIntervalSince(other.end)
        if gap < Double(context.travel.minutes(from: otherSite, to: site) * 60) { return false }
      } else {
        let gap = other.start.timeIntervalSince(visit.end)
        if gap < Double(context.travel.minutes(from: site, to: otherSite) * 60) { return false }
      }
    }
    let civil = context.civil
    let day = civil.civil(visit.start).date
    let weekStart = day.adding(days: -day.weekday.index)
    let sameDay = others.filter { civil.civil($0.start).date == day }
    let week = weekStart..<weekStart.adding(days: 7)
    let sameWeek = others.filter { week.contains(civil.civil($0.start).date) }
    let minutes = visit.end.timeIntervalSince(visit.start) / 60
    let dayMinutes = sameDay.reduce(minutes) { $0 + $1.end.timeIntervalSince($1.start) / 60 }
    let weekMinutes = sameWeek.reduce(minutes) { $0 + $1.end.timeIntervalSince($1.start) / 60 }
    return dayMinutes <= Double(guide.maxHoursPerDay * 60)
      && weekMinutes <= Double(guide.maxHoursPerWeek * 60)
  }

  /// Minutes already led in the ledger: work goes first to the least loaded guide.
  static func load(_ guide: Guide, in context: BookingContext) -> Double {
    context.ledger.visits(of: guide.id).reduce(0) {
      $0 + $1.visit.end.timeIntervalSince($1.visit.start)
    }
  }
}
