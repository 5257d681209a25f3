import Foundation

/// What a group asks for when it checks a journey on a date.
public struct GroupProfile: Hashable, Sendable, Codable {
  public var headcount: Int
  public var language: Language
  public var needs: AccessibilityNeeds

  public init(headcount: Int, language: Language, needs: AccessibilityNeeds = .init()) {
    self.headcount = headcount
    self.language = language
    self.needs = needs
  }
}

/// A timed programme for one date, or the reasons it cannot take place.
public struct Programme: Hashable, Sendable {
  /// The timed visits, guides assigned where the stop is guided. When `violations` is not empty
  /// these are the tentative times the engine tried, shown to explain the refusal.
  public var visits: [Visit]
  /// Optional stops left out that day, each with why.
  public var omitted: [OmittedStop]
  /// Everything that prevents the booking; empty when it can be held.
  public var violations: [Violation]

  public var isFeasible: Bool { violations.isEmpty }

  public init(visits: [Visit], omitted: [OmittedStop] = [], violations: [Violation] = []) {
    self.visits = visits
    self.omitted = omitted
    self.violations = violations
  }
}

/// An optional stop that was left out, and why.
public struct OmittedStop: Hashable, Sendable {
  public var site: Site.ID
  public var reasons: [Violation]

  public init(site: Site.ID, reasons: [Violation]) {
    self.site = site
    self.reasons = reasons
  }
}

/// What the rules read besides the request itself.
public struct BookingContext: Sendable {
  public var sites: [Site.ID: Site]
  public var guides: [Guide]
  /// Active visits of other bookings, over at least the week of the date.
  public var ledger: Ledger
  public var travel: TravelTimes
  public var civil: CivilTime
  public var now: Date
  /// Sites the group is already booked with that day, when an existing booking is being
  /// changed: their minimum notice was met when the booking was made, so a later change of the
  /// headcount does not have to meet it again.
  public var alreadyBooked: Set<Site.ID> = []

  public init(
    sites: [Site], guides: [Guide], ledger: Ledger, travel: TravelTimes = .init(),
    civil: CivilTime = .paris, now: Date
  ) {
    self.init(
      sites: Self.index(sites), guides: guides, ledger: ledger, travel: travel, civil: civil,
      now: now)
  }

  /// A context over sites already indexed by id (`ReferenceData.sites`).
  public init(
    sites: [Site.ID: Site], guides: [Guide], ledger: Ledger, travel: TravelTimes = .init(),
    civil: CivilTime = .paris, now: Date
  ) {
    self.sites = sites
    self.guides = guides
    self.ledger = ledger
    self.travel = travel
    self.civil = civil
    self.now = now
  }

  /// Sites by id, the first of any two with the same id.
  static func index(_ sites: [Site]) -> [Site.ID: Site] {
    Dictionary(sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }
}
