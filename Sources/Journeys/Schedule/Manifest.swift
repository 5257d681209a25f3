import Foundation

/// One line of a day's manifest: a visit, the group that comes, and who leads it.
public struct ManifestRow: Hashable, Sendable {
  /// The booking the visit belongs to.
  public var booking: Booking.ID
  /// Confirmed, or held and not yet lapsed: a hold may still fall through.
  public var state: Booking.State
  /// The organisation's name, or its id when it is not on record.
  public var organisation: String
  /// Who to call about the group.
  public var contact: Contact
  /// The site's name, or its id when it is not in the catalogue.
  public var site: String
  /// What happens there (a visit, lunch), in both languages.
  public var activity: LocalizedText
  /// When the visit starts.
  public var start: Date
  /// When the visit ends.
  public var end: Date
  /// People in the group.
  public var headcount: Int
  /// The language the group is received in.
  public var language: Language
  /// What the group declared it needs.
  public var needs: AccessibilityNeeds
  /// The guide's name; nil when the host presents the visit or no guide is assigned yet.
  public var guide: String?
  /// A guided visit that has no guide (every guide who could lead it became unavailable):
  /// someone must find one before the day.
  public var lacksGuide: Bool
  /// Why the published catalogue no longer allows the visit (the site closed that day or
  /// withdrawn): publishing never changes a booking, so someone must follow it up.
  public var conflict: LocalizedText?

  /// Creates a row.
  public init(
    booking: Booking.ID, state: Booking.State, organisation: String, contact: Contact,
    site: String, activity: LocalizedText, start: Date, end: Date, headcount: Int,
    language: Language, needs: AccessibilityNeeds, guide: String?, lacksGuide: Bool = false,
    conflict: LocalizedText? = nil
  ) {
    self.booking = booking
    self.state = state
    self.organisation = organisation
    self.contact = contact
    self.site = site
    self.activity = activity
    self.start = start
    self.end = end
    self.headcount = headcount
    self.language = language
    self.needs = needs
    self.guide = guide
    self.lacksGuide = lacksGuide
    self.conflict = conflict
  }

  /// The guide column: the name, a warning when a guided visit has none, or blank.
  func guideCell(in language: Language) -> String {
    if let guide { return guide }
    return lacksGuide ? (language == .english ? "NO GUIDE YET" : "AUCUN GUIDE POUR L'INSTANT") : ""
  }
}

/// The visits of one day, for the sites and guides who receive the groups; exported as CSV.
public struct DayManifest: Sendable {
  /// The day, in the sites' civil time.
  public var date: LocalDate
  /// One row per visit, by start time, then site, then booking.
  public var rows: [ManifestRow]
  /// Converts the rows' instants to the clock times printed.
  public var civil: CivilTime

  /// The visits on `date` of the bookings active at `now` (confirmed, or held and not lapsed),
  /// only those led by `guide` when one is given.
  public init(
    date: LocalDate, guide: Guide.ID? = nil, bookings: [Booking], reference: ReferenceData,
    now: Date, civil: CivilTime = .paris
  ) {
    let sites = Dictionary(
      reference.catalogue.sites.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    let guides = Dictionary(
      reference.guides.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    let organisations = Dictionary(
      reference.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    var rows: [ManifestRow] = []
    let active = bookings.filter { $0.isActive(at: now) }
    let conflicts = CatalogueImpact.visitConflicts(
      active, catalogue: reference.catalogue, civil: civil)
    for booking in active {
      let group = booking.group
      // Said on each of its visits: the office follows the booking up, visit by visit.
      let withdrawn =
        reference.catalogue.offers(booking.journey)
        ? [] : [CatalogueImpact.noLongerOffered(booking.journey)]
      for visit in booking.visits where civil.civil(visit.start).date == date {
        let reasons = withdrawn + (conflicts[booking.id]?[visit.site] ?? [])
        if let guide, visit.guide != guide { continue }
        rows.append(
          ManifestRow(
            booking: booking.id, state: booking.state,
            organisation: organisations[group.organisation] ?? group.organisation.rawValue,
            contact: group.contact, site: sites[visit.site] ?? visit.site.rawValue,
            activity: Wording.activity(of: visit), start: visit.start, end: visit.end,
            headcount: group.headcount, language: group.language, needs: group.needs,
            guide: visit.guide.map { guides[$0] ?? $0.rawValue },
            lacksGuide: visit.guided && visit.guide == nil,
            conflict: reasons.isEmpty ? nil : Self.joined(reasons)))
      }
    }
    rows.sort {
      ($0.start, $0.site, $0.booking.rawValue) < ($1.start, $1.site, $1.booking.rawValue)
    }
    self.init(date: date, rows: rows, civil: civil)
  }

  /// Reasons as one cell: sentences joined by "; ", each without its final stop.
  static func joined(_ reasons: [LocalizedText]) -> LocalizedText {
    func join(_ texts: [String]) -> String {
      texts.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
    }
    return LocalizedText(fr: join(reasons.map(\.fr)), en: join(reasons.map(\.en)))
  }

  /// A manifest of rows already chosen, kept in the given order.
  public init(date: LocalDate, rows: [ManifestRow], civil: CivilTime = .paris) {
    self.date = date
    self.rows = rows
    self.civil = civil
  }

  /// The manifest as CSV (RFC 4180) with a header row, worded in `language`.
  ///
  /// Free text typed by the public is kept from reading as a spreadsheet formula.
  public func csv(in language: Language = .french) -> String {
    let english = language == .english
    let header =
      english
      ? [
        "Booking", "State", "Organisation", "Contact", "Phone", "Email", "Site", "Activity",
        "Start", "End", "Headcount", "Language", "Needs", "Guide", "Follow-up",
      ]
      : [
        "Réservation", "État", "Organisation", "Contact", "Téléphone", "Courriel", "Site",
        "Activité", "Début", "Fin", "Personnes", "Langue", "Besoins", "Guide", "À suivre",
      ]
    let records = rows.map { row in
      [
        row.booking.rawValue, Wording.state(row.state).text(in: language), row.organisation,
        row.contact.name, row.contact.phone ?? "", row.contact.email ?? "", row.site,
        row.activity.text(in: language), civil.civil(row.start).time.description,
        civil.civil(row.end).time.description, String(row.headcount),
        Wording.language(row.language, in: language),
        Wording.needs(row.needs)?.text(in: language) ?? "", row.guideCell(in: language),
        row.conflict?.text(in: language) ?? "",
      ].map(CSV.inertToFormulas)
    }
    return CSV.document([header] + records)
  }

  /// The manifest as a table for a terminal, header first, worded in `language`: the columns
  /// someone receiving the groups reads, the booking to tell two groups of one organisation
  /// apart.
  public func table(in language: Language = .french) -> [[String]] {
    let header =
      language == .english
      ? [
        "START", "END", "SITE", "GROUP", "BOOKING", "STATE", "PEOPLE", "LANG", "NEEDS", "GUIDE",
        "CONTACT", "FOLLOW-UP",
      ]
      : [
        "DÉBUT", "FIN", "SITE", "GROUPE", "RÉSERVATION", "ÉTAT", "PERS.", "LANGUE", "BESOINS",
        "GUIDE", "CONTACT", "À SUIVRE",
      ]
    return [header]
      + rows.map { row in
        [
          civil.civil(row.start).time.description, civil.civil(row.end).time.description,
          row.site, row.organisation, row.booking.rawValue,
          Wording.state(row.state).text(in: language), String(row.headcount),
          Wording.language(row.language, in: language),
          Wording.needs(row.needs)?.text(in: language) ?? "", row.guideCell(in: language),
          [row.contact.name, row.contact.phone ?? ""].joined(separator: " "),
          row.conflict?.text(in: language) ?? "",
        ]
      }
  }
}

/// Comma-separated values as RFC 4180 writes them.
public enum CSV {
  /// One field: quoted when it holds a comma, a double quote, CR or LF, quotes doubled.
  public static func field(_ value: String) -> String {
    // The UTF-8 view: "\r\n" is a single Character, which a Character search for "\n" misses.
    let special = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
    guard special else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One record, without its line break.
  public static func record(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",")
  }

  /// Records, each ended by CRLF.
  public static func document(_ records: [[String]]) -> String {
    records.map { record($0) + "\r\n" }.joined()
  }

  /// `value`, made inert to spreadsheets that read a leading `=`, `+`, `-` or `@` as a formula
  /// (CSV injection): a leading apostrophe, as OWASP advises. A phone number such as
  /// `+33 6 12 34 56 78` is left as it is: with no letters it cannot call a function.
  public static func inertToFormulas(_ value: String) -> String {
    guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first)
    else { return value }
    let phone = " +-.()0123456789".unicodeScalars
    let dialable = value.unicodeScalars.allSatisfy { phone.contains($0) }
    return dialable ? value : "'" + value
  }
}

extension Wording {
  /// `confirmée` / `confirmed`; a hold is an `option`, as French booking offices say.
  static func state(_ state: Booking.State) -> LocalizedText { Booking.State.said(state.name) }

  /// The name of `language` in `reader`'s language (`anglais`, `English`), or its code when
  /// Foundation does not know it.
  static func language(_ language: Language, in reader: Language) -> String {
    let locale = Locale(identifier: reader == .english ? "en" : "fr")
    return locale.localizedString(forLanguageCode: language.code) ?? language.code
  }

  /// Languages by name in each language (`néerlandais, anglais` / `Dutch, English`), with the
  /// code where Foundation knows no name.
  static func languages(_ languages: [Language]) -> LocalizedText {
    LocalizedText(
      fr: languages.map { language($0, in: .french) }.joined(separator: ", "),
      en: languages.map { language($0, in: .english) }.joined(separator: ", "))
  }

  /// The needs in words; nil when none were declared.
  static func needs(_ needs: AccessibilityNeeds) -> LocalizedText? {
    switch needs.wheelchairUsers {
    case ...0: nil
    case 1: LocalizedText(fr: "1 personne en fauteuil roulant", en: "1 wheelchair user")
    case let n:
      LocalizedText(fr: "\(n) personnes en fauteuil roulant", en: "\(n) wheelchair users")
    }
  }

  /// What kind of stop, when its activity says nothing.
  static func kind(_ kind: Journey.StopKind) -> LocalizedText {
    switch kind {
    case .visit: LocalizedText(fr: "Visite", en: "Visit")
    case .meeting: LocalizedText(fr: "Rencontre", en: "Meeting")
    case .lunch: LocalizedText(fr: "Déjeuner", en: "Lunch")
    }
  }

  /// What happens at a visit, in each language, or the kind of stop where its activity is blank.
  static func activity(of visit: Visit) -> LocalizedText {
    let kind = kind(visit.kind)
    return LocalizedText(
      fr: visit.activity.fr.isEmpty ? kind.fr : visit.activity.fr,
      en: visit.activity.en.isEmpty ? kind.en : visit.activity.en)
  }
}
