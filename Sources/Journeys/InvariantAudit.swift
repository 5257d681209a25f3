import Foundation

/// Checks stored bookings against the invariants of the engine, after the fact: what an
/// operator (or a race test) runs to prove that no site was overfilled and no guide was in two
/// places, whatever happened concurrently.
public enum InvariantAudit {
  /// A broken invariant, in words.
  public struct Finding: Hashable, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Every broken invariant among the bookings active at `now`.
  public static func findings(
    bookings: [Booking], sites: [Site], at now: Date, civil: CivilTime = .paris
  ) -> [Finding] {
    let capacity = Dictionary(sites.map { ($0.id, $0.capacity) }, uniquingKeysWith: { a, _ in a })
    let live = bookings.filter { $0.isActive(at: now) }
    var findings: Set<Finding> = []
    let visits = live.flatMap { booking in booking.visits.map { (booking, $0) } }
    let bySite = Dictionary(grouping: visits, by: { $0.1.site })
    for (site, here) in bySite {
      guard let limits = capacity[site] else { continue }
      for (booking, visit) in here {
        if booking.group.headcount > limits.maxGroupSize {
          findings.insert(
            .init(
              description:
                "\(booking.id): \(booking.group.headcount) people at \(site), max \(limits.maxGroupSize)"
            ))
        }
        let atOnce = here.filter { $0.1.start <= visit.start && visit.start < $0.1.end }.count
        if atOnce > limits.simultaneousGroups {
          findings.insert(
            .init(
              description:
                "\(site): \(atOnce) groups at once at \(civil.iso8601(visit.start)), max \(limits.simultaneousGroups)"
            ))
        }
      }
      let byDay = Dictionary(grouping: here, by: { civil.civil($0.1.start).date })
      for (day, visitsThatDay) in byDay {
        let groups = Set(visitsThatDay.map(\.0.id)).count
        if groups > limits.groupsPerDay {
          findings.insert(
            .init(description: "\(site): \(groups) groups on \(day), max \(limits.groupsPerDay)"))
        }
      }
    }
    let byGuide = Dictionary(grouping: visits.filter { $0.1.guide != nil }, by: { $0.1.guide! })
    for (guide, led) in byGuide {
      let sorted = led.sorted { $0.1.start < $1.1.start }
      for (a, b) in zip(sorted, sorted.dropFirst()) where b.1.start < a.1.end {
        findings.insert(
          .init(
            description:
              "guide \(guide) in two places: \(a.0.id) and \(b.0.id) at \(civil.iso8601(b.1.start))"
          ))
      }
    }
    return findings.sorted { $0.description < $1.description }
  }
}
