import Foundation

/// Calendars built from bookings: the visits a guide leads, and a delegation's programme.
///
/// Each event keeps its UID across renders and takes its SEQUENCE from the booking's revision,
/// so that a client that refreshes the feed moves, updates or strikes out its copy instead of
/// adding another.
public enum CalendarFeed {
  /// Makes UIDs unique beyond our own calendars, as RFC 5545 asks.
  public static let uidDomain = "voyages-apprenants.loos-en-gohelle.fr"

  /// A booking as read at a revision of the store.
  public struct Revision: Hashable, Sendable {
    /// The booking, as written (a lapsed hold is settled when its events are built).
    public var booking: Booking
    /// A counter incremented on every change of the booking; becomes the events' SEQUENCE.
    public var sequence: Int

    /// Pairs a booking with its revision.
    public init(_ booking: Booking, sequence: Int) {
      self.booking = booking
      self.sequence = sequence
    }
  }

  /// The UID of the visit at `index` in `booking.visits`: `<booking>-<position>@<domain>`,
  /// positions counted from 1. A booking's programme never changes its order, so the visit keeps
  /// its UID when its guide or its state changes; the guide's and the delegation's copies of a
  /// visit share it, being the same event.
  public static func uid(booking: Booking.ID, index: Int) -> String {
    "\(booking.rawValue)-\(index + 1)@\(uidDomain)"
  }

  /// How calendars show `booking` at `now`: a hold is tentative until it lapses, and a lapsed
  /// hold is cancelled like a cancelled booking.
  public static func status(of booking: Booking, at now: Date) -> CalendarEvent.Status {
    switch booking.settled(at: now).state {
    case .confirmed: .confirmed
    case .held: .tentative
    case .cancelled, .expired: .cancelled
    }
  }

  /// One event per guided visit that `guide` leads in `revisions`, earliest first; cancelled
  /// and lapsed bookings stay in, marked cancelled, so that clients strike them out, and so do
  /// visits the guide declined or a re-plan gave to another guide.
  public static func guideEvents(
    for guide: Guide.ID, revisions: [Revision], reference: ReferenceData,
    language: Language = .french, now: Date
  ) -> [CalendarEvent] {
    let lookup = Lookup(reference)
    var events: [CalendarEvent] = []
    for revision in revisions {
      let booking = revision.booking.settled(at: now)
      for (index, visit) in booking.visits.enumerated()
      where visit.guided && (visit.guide == guide || visit.wasTaken(from: guide)) {
        let site = lookup.sites[visit.site]
        let organisation = lookup.organisationName(booking.group.organisation)
        let count = booking.group.headcount
        let title = LocalizedText(
          fr: "\(lookup.siteName(visit.site)) — \(organisation) (\(count) pers.)",
          en: "\(lookup.siteName(visit.site)) — \(organisation) (\(count) people)")
        events.append(
          event(
            booking, index: index, sequence: revision.sequence, visit: visit, site: site,
            title: title, details: guideDetails(booking, visit, lookup), language: language,
            now: now, takenAway: visit.guide != guide))
      }
    }
    return events.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
  }

  /// A guide's calendar: `guideEvents` under the guide's name.
  public static func guideCalendar(
    for guide: Guide, revisions: [Revision], reference: ReferenceData,
    language: Language = .french, now: Date,
    timeStyle: CalendarDocument.TimeStyle = .zoned(.paris)
  ) -> CalendarDocument {
    let name = LocalizedText(
      fr: "Visites guidées — \(guide.name)", en: "Guided visits — \(guide.name)")
    return CalendarDocument(
      name: name.text(in: language),
      events: guideEvents(
        for: guide.id, revisions: revisions, reference: reference,
        language: language, now: now),
      timeStyle: timeStyle)
  }

  /// One event per visit of the booking, for its delegation: where, when, what, with whom.
  public static func bookingEvents(
    _ revision: Revision, reference: ReferenceData, language: Language, now: Date
  ) -> [CalendarEvent] {
    let lookup = Lookup(reference)
    let booking = revision.booking.settled(at: now)
    return booking.visits.enumerated().map { index, visit in
      let activity = Wording.activity(of: visit)
      let title = LocalizedText(
        fr: "\(activity.fr) — \(lookup.siteName(visit.site))",
        en: "\(activity.en) — \(lookup.siteName(visit.site))")
      return event(
        booking, index: index, sequence: revision.sequence, visit: visit,
        site: lookup.sites[visit.site], title: title,
        details: delegationDetails(booking, visit, lookup), language: language, now: now)
    }
  }

  /// The delegation's calendar of one booking, in the group's language unless told otherwise.
  /// `title` names a journey the catalogue does not list (one assembled for the group).
  public static func bookingCalendar(
    _ revision: Revision, reference: ReferenceData, language: Language? = nil, now: Date,
    title: LocalizedText? = nil, timeStyle: CalendarDocument.TimeStyle = .zoned(.paris)
  ) -> CalendarDocument {
    let booking = revision.booking
    let language = language ?? booking.group.language
    let journey = title ?? Lookup(reference).journeyTitle(booking.journey)
    let day = Wording.date(booking.date)
    return CalendarDocument(
      name: "\(journey.text(in: language)) — \(day.text(in: language))",
      events: bookingEvents(revision, reference: reference, language: language, now: now),
      timeStyle: timeStyle)
  }

  // MARK: - Wording

  /// An event for a visit of a settled booking; the summary says when it is not confirmed,
  /// or, `takenAway`, that the visit went to another guide (cancelled for this one).
  static func event(
    _ booking: Booking, index: Int, sequence: Int, visit: Visit, site: Site?,
    title: LocalizedText, details: [LocalizedText], language: Language, now: Date,
    takenAway: Bool = false
  ) -> CalendarEvent {
    let status = takenAway ? .cancelled : status(of: booking, at: now)
    let prefix: LocalizedText? =
      switch status {
      case _ where takenAway:
        LocalizedText(fr: "Retirée de votre planning : ", en: "No longer yours: ")
      case .confirmed: nil
      case .tentative: LocalizedText(fr: "Option : ", en: "Hold: ")
      case .cancelled: LocalizedText(fr: "Annulé : ", en: "Cancelled: ")
      }
    let summary = (prefix?.text(in: language) ?? "") + title.text(in: language)
    let location = site.map { site in
      [site.name, site.address ?? "", site.commune].filter { !$0.isEmpty }
        .joined(separator: ", ")
    }
    return CalendarEvent(
      uid: uid(booking: booking.id, index: index), sequence: sequence, start: visit.start,
      end: visit.end, summary: summary,
      description: details.map { $0.text(in: language) }.filter { !$0.isEmpty }
        .joined(separator: "\n"),
      location: location ?? visit.site.rawValue, geo: site?.location, status: status,
      // The last change rather than the time of the request, as RFC 5545 has it for a feed
      // without METHOD: an unchanged feed reads the same at every poll, so it can be cached.
      stamp: lastChange(of: booking), lastModified: lastChange(of: booking))
  }

  /// What a guide needs to receive the group.
  static func guideDetails(_ booking: Booking, _ visit: Visit, _ lookup: Lookup)
    -> [LocalizedText]
  {
    let group = booking.group
    let organisation = lookup.organisationName(group.organisation)
    let language = LocalizedText(
      fr: Wording.language(group.language, in: .french),
      en: Wording.language(group.language, in: .english))
    var lines = [
      LocalizedText(
        fr: "Groupe : \(organisation), \(group.headcount) personnes, en \(language.fr)",
        en: "Group: \(organisation), \(group.headcount) people, in \(language.en)")
    ]
    if let needs = Wording.needs(group.needs) {
      lines.append(LocalizedText(fr: "Besoins : \(needs.fr)", en: "Needs: \(needs.en)"))
    }
    let contact = [group.contact.name, group.contact.phone ?? "", group.contact.email ?? ""]
      .filter { !$0.isEmpty }.joined(separator: " · ")
    lines.append(LocalizedText(fr: "Contact : \(contact)", en: "Contact: \(contact)"))
    let activity = Wording.activity(of: visit)
    lines.append(LocalizedText(fr: "Activité : \(activity.fr)", en: "Activity: \(activity.en)"))
    let journey = lookup.journeyTitle(booking.journey)
    lines.append(LocalizedText(fr: "Parcours : \(journey.fr)", en: "Journey: \(journey.en)"))
    lines.append(bookingLine(booking))
    return lines
  }

  /// What a delegation needs to find its way: the site, who leads the visit.
  static func delegationDetails(_ booking: Booking, _ visit: Visit, _ lookup: Lookup)
    -> [LocalizedText]
  {
    var lines: [LocalizedText] = []
    if let summary = lookup.sites[visit.site]?.summary, !summary.fr.isEmpty {
      lines.append(summary)
    }
    if visit.guided {
      let name = visit.guide.map { lookup.guides[$0]?.name ?? $0.rawValue }
      lines.append(
        LocalizedText(
          fr: "Guide : \(name ?? "à confirmer")", en: "Guide: \(name ?? "to be confirmed")"))
    } else if visit.kind == .visit {
      lines.append(
        LocalizedText(fr: "Visite présentée par le site", en: "Presented by the site's hosts"))
    }
    lines.append(bookingLine(booking))
    return lines
  }

  /// `Réservation bk-123 (confirmée)`.
  static func bookingLine(_ booking: Booking) -> LocalizedText {
    let state = Wording.state(booking.state)
    return LocalizedText(
      fr: "Réservation \(booking.id) (\(state.fr))", en: "Booking \(booking.id) (\(state.en))")
  }

  /// The latest change the booking records: its latest revision (a guide moved, a headcount
  /// changed), its state's date, or its creation.
  static func lastChange(of booking: Booking) -> Date {
    let written = max(booking.createdAt, booking.revisedAt ?? booking.createdAt)
    switch booking.state {
    case .held: return written
    case .confirmed(let at), .cancelled(let at), .expired(let at): return max(at, written)
    }
  }

  /// The reference data by id, with names to fall back on for what it no longer lists (a site
  /// withdrawn from the catalogue after the booking was made).
  struct Lookup {
    var sites: [Site.ID: Site]
    var guides: [Guide.ID: Guide]
    var organisations: [Organisation.ID: Organisation]
    var journeys: [Journey.ID: Journey]

    init(_ reference: ReferenceData) {
      sites = Dictionary(
        reference.catalogue.sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      guides = Dictionary(
        reference.guides.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      organisations = Dictionary(
        reference.organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      journeys = Dictionary(
        reference.catalogue.journeys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func siteName(_ id: Site.ID) -> String { sites[id]?.name ?? id.rawValue }

    func organisationName(_ id: Organisation.ID) -> String {
      organisations[id]?.name ?? id.rawValue
    }

    func journeyTitle(_ id: Journey.ID) -> LocalizedText {
      journeys[id]?.title ?? LocalizedText(fr: id.rawValue, en: id.rawValue)
    }
  }
}
