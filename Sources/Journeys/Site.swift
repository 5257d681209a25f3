/// A place a group can visit: Base 11/19, the twin slag heaps, the Louvre-Lens, a micro-farm.
public struct Site: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<Site>

  /// How good a site's coordinates are, as the reference data says.
  public enum CoordinatePrecision: String, Hashable, Sendable, Codable {
    case surveyed, address, site, approx, commune
  }

  /// A WGS84 point.
  public struct Location: Hashable, Sendable, Codable {
    public var latitude: Double
    public var longitude: Double
    public var precision: CoordinatePrecision

    public init(latitude: Double, longitude: Double, precision: CoordinatePrecision) {
      self.latitude = latitude
      self.longitude = longitude
      self.precision = precision
    }
  }

  /// How many groups, and how large, the site can host.
  public struct Capacity: Hashable, Sendable, Codable {
    /// Largest group in one visit.
    public var maxGroupSize: Int
    /// Groups present at the same time.
    public var simultaneousGroups: Int
    /// Groups received in one day.
    public var groupsPerDay: Int

    public init(maxGroupSize: Int, simultaneousGroups: Int, groupsPerDay: Int) {
      self.maxGroupSize = maxGroupSize
      self.simultaneousGroups = simultaneousGroups
      self.groupsPerDay = groupsPerDay
    }
  }

  /// Ground a visit covers.
  public enum Terrain: String, Hashable, Sendable, Codable {
    case flat, uneven, steep
  }

  /// What is known of the site's accessibility.
  public struct Accessibility: Hashable, Sendable, Codable {
    /// Whether a wheelchair user can take part; `nil` when unknown.
    public var stepFree: Bool?
    public var walkingKilometres: Double?
    public var terrain: Terrain?
    public var notes: String?

    public init(
      stepFree: Bool? = nil, walkingKilometres: Double? = nil, terrain: Terrain? = nil,
      notes: String? = nil
    ) {
      self.stepFree = stepFree
      self.walkingKilometres = walkingKilometres
      self.terrain = terrain
      self.notes = notes
    }
  }

  public var id: ID
  public var name: String
  public var commune: String
  public var address: String?
  public var location: Location
  public var themes: [Theme]
  /// Default length of a visit, in minutes.
  public var visitMinutes: Int
  /// Whether one of our guides leads the visit (otherwise the host presents it).
  public var guided: Bool
  public var languages: [Language]
  public var capacity: Capacity
  public var openingHours: OpeningHours
  public var accessibility: Accessibility
  public var summary: LocalizedText
  /// Where the facts come from.
  public var sources: [String]
  /// Fields that are estimates, to confirm with the site before a real season.
  public var estimated: [String]
  /// How far ahead the site must be, and can be, booked; nil when it sets no limit.
  public var bookingWindow: BookingWindow?
  /// Whether visits must end before sunset (outdoor climbs); nil or false when not.
  public var endsBeforeSunset: Bool?
  /// How much the admins want the site shown when journeys are assembled for groups: a
  /// factor on its interest, 1 when nil.
  public var priority: Double?

  /// How long before a visit the site needs to know, and how far ahead it takes bookings.
  public struct BookingWindow: Hashable, Sendable, Codable {
    /// Whole days between the day of booking and the day of the visit, at least.
    public var minimumNoticeDays: Int
    /// Whole days ahead, at most.
    public var horizonDays: Int

    public init(minimumNoticeDays: Int, horizonDays: Int) {
      self.minimumNoticeDays = minimumNoticeDays
      self.horizonDays = horizonDays
    }
  }

  public init(
    id: ID, name: String, commune: String, address: String? = nil, location: Location,
    themes: [Theme], visitMinutes: Int, guided: Bool, languages: [Language], capacity: Capacity,
    openingHours: OpeningHours, accessibility: Accessibility = .init(),
    summary: LocalizedText = .init(fr: "", en: ""), sources: [String] = [],
    estimated: [String] = [], bookingWindow: BookingWindow? = nil, endsBeforeSunset: Bool? = nil,
    priority: Double? = nil
  ) {
    self.id = id
    self.name = name
    self.commune = commune
    self.address = address
    self.location = location
    self.themes = themes
    self.visitMinutes = visitMinutes
    self.guided = guided
    self.languages = languages
    self.capacity = capacity
    self.openingHours = openingHours
    self.accessibility = accessibility
    self.summary = summary
    self.sources = sources
    self.estimated = estimated
    self.bookingWindow = bookingWindow
    self.endsBeforeSunset = endsBeforeSunset
    self.priority = priority
  }
}

extension Site {
  /// Whether only a guide certified for the site itself may lead a group here: on steep
  /// terrain (a slag-heap climb), a theme does not certify.
  public var needsSiteCertification: Bool { accessibility.terrain == .steep }

  /// The themes through which a guide certified for a theme may lead visits here.
  public var certifyingThemes: [Theme] { needsSiteCertification ? [] : themes }
}

/// The themes of the catalogue, one vocabulary for sites, journeys, guides and groups.
public enum Theme: String, CaseIterable, Hashable, Sendable, Codable {
  case participation, food, culture, biodiversity, energy, heritage, memory, resilience, housing,
    economy
}
