import Foundation

/// A person who leads visits.
public struct Guide: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<Guide>

  public var id: ID
  public var name: String
  public var languages: [Language]
  /// Sites the guide is certified to lead.
  public var certifiedSites: [Site.ID]
  /// Themes the guide is certified for: any site with one of them.
  public var certifiedThemes: [Theme]
  /// Where the guide starts the day.
  public var home: Site.ID?
  public var maxHoursPerDay: Int
  public var maxHoursPerWeek: Int
  /// Whether the guide takes new assignments.
  public var active: Bool
  /// When the guide works, each week; nil when any time of any day will do.
  public var weeklyAvailability: OpeningHours.Week?
  /// Time off and other absences.
  public var unavailable: [Absence]?
  /// Hours of rest, at least, between the end of one working day and the start of the next.
  public var minimumRestHours: Int?
  /// The hex SHA-256 of the secret in the address of the guide's calendar feed (the secret
  /// itself is never stored); nil until one is issued.
  public var calendarTokenHash: String?

  /// A period when the guide cannot work.
  public struct Absence: Hashable, Sendable, Codable {
    public var start: Date
    public var end: Date
    public var reason: String?

    public init(start: Date, end: Date, reason: String? = nil) {
      self.start = start
      self.end = end
      self.reason = reason
    }

    /// What is left of the absence once `span` is taken out of it: itself when they do not
    /// meet, nothing when `span` covers it, one or two shorter absences otherwise (the guide
    /// came back early, or is back for a few days in the middle).
    public func removing(_ span: Range<Date>) -> [Absence] {
      guard span.lowerBound < end, start < span.upperBound else { return [self] }
      var left: [Absence] = []
      if start < span.lowerBound {
        left.append(Absence(start: start, end: span.lowerBound, reason: reason))
      }
      if span.upperBound < end {
        left.append(Absence(start: span.upperBound, end: end, reason: reason))
      }
      return left
    }
  }

  public init(
    id: ID, name: String, languages: [Language], certifiedSites: [Site.ID] = [],
    certifiedThemes: [Theme] = [], home: Site.ID? = nil, maxHoursPerDay: Int = 8,
    maxHoursPerWeek: Int = 35, active: Bool = true, weeklyAvailability: OpeningHours.Week? = nil,
    unavailable: [Absence]? = nil, minimumRestHours: Int? = nil
  ) {
    self.id = id
    self.name = name
    self.languages = languages
    self.certifiedSites = certifiedSites
    self.certifiedThemes = certifiedThemes
    self.home = home
    self.maxHoursPerDay = maxHoursPerDay
    self.maxHoursPerWeek = maxHoursPerWeek
    self.active = active
    self.weeklyAvailability = weeklyAvailability
    self.unavailable = unavailable
    self.minimumRestHours = minimumRestHours
  }

  /// Whether the guide may lead a visit of `site`.
  public func isCertified(for site: Site) -> Bool {
    isCertified(for: site.id, themes: site.certifyingThemes)
  }

  /// `isCertified(for:)` from the site's id and the themes that certify for it alone.
  func isCertified(for site: Site.ID, themes: [Theme]) -> Bool {
    certifiedSites.contains(site) || themes.contains { certifiedThemes.contains($0) }
  }
}

/// A municipality, association, school or company that books study visits.
public struct Organisation: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<Organisation>

  public var id: ID
  public var name: String
  public var contact: Contact?
  /// Where the organisation hears of its bookings' changes, if it asked to.
  public var webhook: Webhook?

  public init(id: ID, name: String, contact: Contact? = nil, webhook: Webhook? = nil) {
    self.id = id
    self.name = name
    self.contact = contact
    self.webhook = webhook
  }
}

/// Who to call about a booking.
public struct Contact: Hashable, Sendable, Codable {
  public var name: String
  public var email: String?
  public var phone: String?

  public init(name: String, email: String? = nil, phone: String? = nil) {
    self.name = name
    self.email = email
    self.phone = phone
  }

  /// Whether `text` holds on one line: a line break or other control character in a name or
  /// contact would break the rows of a day's manifest, a terminal table or a calendar.
  public static func isOneLine(_ text: String) -> Bool {
    !text.unicodeScalars.contains {
      [.control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
    }
  }
}

/// Who comes: the delegation of an organisation.
public struct Group: Hashable, Sendable, Codable {
  public var organisation: Organisation.ID
  public var contact: Contact
  public var headcount: Int
  public var language: Language
  /// Declared needs, such as a wheelchair user.
  public var needs: AccessibilityNeeds

  public init(
    organisation: Organisation.ID, contact: Contact, headcount: Int, language: Language,
    needs: AccessibilityNeeds = .init()
  ) {
    self.organisation = organisation
    self.contact = contact
    self.headcount = headcount
    self.language = language
    self.needs = needs
  }
}

/// What a group declares it needs.
public struct AccessibilityNeeds: Hashable, Sendable, Codable {
  public var wheelchairUsers: Int

  public init(wheelchairUsers: Int = 0) { self.wheelchairUsers = wheelchairUsers }
}
