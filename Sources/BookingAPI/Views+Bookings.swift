import Foundation
import Journeys

/// Programmes, bookings and violations as the API shows them.
struct BookingViews {
  let sites: [Site.ID: Site]
  let guides: [Guide.ID: Guide]
  let language: Language
  let civil: CivilTime
  /// Organisations' names, where a view shows them (a guide's schedule).
  var organisations: [Organisation.ID: String] = [:]
  /// The group's needs, for the notes of the programmes a view shows (`VisitNotes`).
  var needs = AccessibilityNeeds()
  /// Whether a guided visit without a guide is noted: in a booking the office owes it one; in
  /// a day being checked, a missing guide is a refusal already said.
  var notesMissingGuides = false

  func time(_ instant: Date) -> String { civil.iso8601(instant) }

  func visit(_ visit: Visit) -> Components.Schemas.Visit {
    let notes = VisitNotes.notes(for: visit, site: sites[visit.site], needs: needs, civil: civil)
      .filter { notesMissingGuides || $0.code != .guideToBeFound }
    return .init(
      site: CatalogueViews.siteRef(visit.site, sites), kind: CatalogueViews.stopKind(visit.kind),
      activity: visit.activity.text(in: language), start: time(visit.start), end: time(visit.end),
      guided: visit.guided,
      guide: visit.guide.map { .init(id: $0.rawValue, name: guides[$0]?.name ?? $0.rawValue) },
      notes: notes.isEmpty ? nil : notes.map(violation))
  }

  func violation(_ violation: Violation) -> Components.Schemas.Violation {
    Self.violation(violation, language: language, civil: civil)
  }

  /// A booking as the audit log keeps it (the stores' JSON: dates in seconds since 1970).
  static func storedBooking(_ json: String) throws -> Booking {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970
    return try decoder.decode(Booking.self, from: Data(json.utf8))
  }

  static func violation(_ violation: Violation, language: Language, civil: CivilTime)
    -> Components.Schemas.Violation
  {
    .init(
      _type: violation.code.typeURI, code: violation.code.rawValue,
      message: violation.message.text(in: language),
      messages: .init(fr: violation.message.fr, en: violation.message.en),
      siteId: violation.site?.rawValue, guideId: violation.guide?.rawValue,
      journeyId: violation.journey?.rawValue, date: violation.date?.description,
      start: violation.start.map(civil.iso8601), end: violation.end.map(civil.iso8601))
  }

  /// A day of availability; with `suggested`, a day that does not work always says what was
  /// found instead, an empty list when nothing was (rather than no list, as without suggest).
  func day(_ day: BookingService.DayAvailability, suggested: Bool = false)
    -> Components.Schemas.DayAvailability
  {
    let asked = suggested && !day.programme.isFeasible
    return .init(
      date: day.date.description, available: day.programme.isFeasible,
      programme: day.programme.visits.map(visit),
      omitted: day.programme.omitted.map {
        .init(site: CatalogueViews.siteRef($0.site, sites), reasons: $0.reasons.map(violation))
      },
      violations: day.programme.violations.map(violation),
      alternatives: day.alternatives.isEmpty && !asked ? nil : day.alternatives.map(alternative))
  }

  func alternative(_ alternative: Alternative) -> Components.Schemas.Alternative {
    .init(
      kind: .init(rawValue: alternative.kind.rawValue)!, date: alternative.date.description,
      startTime: alternative.startTime?.description,
      change: alternative.change.text(in: language),
      changes: .init(fr: alternative.change.fr, en: alternative.change.en),
      groups: alternative.groups.map {
        .init(groupSize: $0.headcount, programme: $0.programme.visits.map(visit))
      })
  }

  func booking(_ booking: Booking, journey: Journey?) -> Components.Schemas.Booking {
    var views = self
    views.needs = booking.group.needs
    views.notesMissingGuides = true
    return views.bookingView(booking, journey: journey)
  }

  private func bookingView(_ booking: Booking, journey: Journey?) -> Components.Schemas.Booking {
    var confirmedAt: Date?
    var cancelledAt: Date?
    var expiresAt: Date?
    let state: Components.Schemas.BookingState
    switch booking.state {
    case .held(let at):
      state = .held
      expiresAt = at
    case .confirmed(let at):
      state = .confirmed
      confirmedAt = at
    case .cancelled(let at):
      state = .cancelled
      cancelledAt = at
    case .expired(let at):
      // When it lapsed: the hold's own expiry.
      state = .expired
      expiresAt = at
    }
    return .init(
      id: booking.id.rawValue, state: state,
      journey: .init(
        id: booking.journey.rawValue, version: booking.journeyVersion,
        title: journey?.title.text(in: language) ?? booking.journey.rawValue),
      date: booking.date.description, groupSize: booking.group.headcount,
      language: booking.group.language.code, organisation: booking.group.organisation.rawValue,
      contact: .init(
        name: booking.group.contact.name, email: booking.group.contact.email,
        phone: booking.group.contact.phone),
      wheelchairUsers: booking.group.needs.wheelchairUsers,
      expiresAt: expiresAt.map(time), confirmedAt: confirmedAt.map(time),
      cancelledAt: cancelledAt.map(time), createdAt: time(booking.createdAt),
      changesUntil: journey.map { time($0.changeDeadline(for: booking.date, civil: civil)) },
      programme: booking.visits.map(visit))
  }
}
