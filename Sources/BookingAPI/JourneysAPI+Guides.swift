import Foundation
import Journeys
import JourneysStore
import OpenAPIRuntime

extension JourneysAPI {
  func getGuideSchedule(_ input: Operations.GetGuideSchedule.Input) async throws
    -> Operations.GetGuideSchedule.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let guide = try actingGuide(input.path.id)
    let assignments = try await service.schedule(
      of: guide, from: try Parse.date(input.query.from, field: "from"),
      through: try Parse.date(input.query.to, field: "to"))
    var views = try await views(language)
    views.organisations = Dictionary(
      try await store.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    return .ok(
      .init(
        body: .json(
          .init(
            guide: views.guide(guide)!,
            assignments: assignments.map(views.assignment)))))
  }

  func acceptAssignment(_ input: Operations.AcceptAssignment.Input) async throws
    -> Operations.AcceptAssignment.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let (key, guide) = try await answering(input.path.id, guide: input.query.guide)
    let accepted = try await service.accept(key, by: guide)
    return .ok(.init(body: .json(try await views(language).assignment(accepted))))
  }

  func declineAssignment(_ input: Operations.DeclineAssignment.Input) async throws
    -> Operations.DeclineAssignment.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let (key, guide) = try await answering(input.path.id, guide: input.query.guide)
    let started = ContinuousClock.now
    let repair = try await service.decline(key, by: guide)
    metrics.plannerRun("guide_repair", seconds: (ContinuousClock.now - started) / .seconds(1))
    return .ok(
      .init(body: .json(try await views(language).repair(try Self.shown(repair, to: guide)))))
  }

  func addGuideAbsence(_ input: Operations.AddGuideAbsence.Input) async throws
    -> Operations.AddGuideAbsence.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let guide = try actingGuide(input.path.id)
    guard case .json(let body) = input.body else { throw InvalidRequest.body }
    try Parse.length(body.reason ?? "", field: "reason", atMost: 200)
    let started = ContinuousClock.now
    defer {
      metrics.plannerRun("guide_repair", seconds: (ContinuousClock.now - started) / .seconds(1))
    }
    let repair = try await service.addAbsence(
      guide, from: try Parse.date(body.from, field: "from"),
      through: try Parse.date(body.to, field: "to"), reason: body.reason)
    return .ok(
      .init(body: .json(try await views(language).repair(try Self.shown(repair, to: guide)))))
  }

  func getGuideCalendar(_ input: Operations.GetGuideCalendar.Input) async throws
    -> Operations.GetGuideCalendar.Output
  {
    let text: String
    do {
      text = try await service.guideCalendar(
        Guide.ID(input.path.id), tokenHash: TokenSecrets.hash(input.query.token),
        language: TextLanguage.resolve(query: input.query.lang, acceptLanguage: nil))
    } catch BookingError.unknownGuide {
      throw NotFound(kind: .calendar, id: input.path.id)
    }
    let (tag, notModified) = try EntityTag.check(text, ifNoneMatch: input.headers.ifNoneMatch)
    if notModified { return .notModified(.init(headers: .init(eTag: tag))) }
    return .ok(.init(headers: .init(eTag: tag), body: .textCalendar(HTTPBody(text))))
  }

  func getBookingCalendar(_ input: Operations.GetBookingCalendar.Input) async throws
    -> Operations.GetBookingCalendar.Output
  {
    // Without ?lang=, the delegation's own language.
    let language = input.query.lang.map { Language(stringLiteral: $0.rawValue) }
    let id = try await accessibleBooking(input.path.id).id
    let text = try await service.bookingCalendar(id, language: language)
    let (tag, notModified) = try EntityTag.check(text, ifNoneMatch: input.headers.ifNoneMatch)
    if notModified { return .notModified(.init(headers: .init(eTag: tag))) }
    return .ok(.init(headers: .init(eTag: tag), body: .textCalendar(HTTPBody(text))))
  }
}

extension JourneysAPI {
  /// The guide `id` if the caller may act for that guide: an admin for any, a guide for
  /// himself or herself (another guide is not found). Organisations: 403.
  /// The repair as the caller may see it: a guide sees what his or her change moved, not the
  /// other guides' visits and the other organisations' bookings the re-plan also covers.
  static func shown(_ repair: GuidePlan, to guide: Guide.ID) throws -> GuidePlan {
    guard case .guide = try Caller.required() else { return repair }
    return repair.concerning(guide)
  }

  func actingGuide(_ id: String) throws -> Guide.ID {
    let principal = try Caller.required()
    guard principal.role != .organisation else { throw AccessError.forbidden }
    let guide = Guide.ID(id)
    guard principal.mayAct(asGuide: guide) else { throw BookingError.unknownGuide(guide) }
    return guide
  }

  /// The assignment and the guide who answers it (`Principal.answeringGuide`): a guide
  /// answers his or her own visits, any other assignment is not found; an admin names the
  /// guide in `?guide=`.
  func answering(_ id: String, guide named: String?) async throws -> (VisitKey, Guide.ID) {
    let principal = try Caller.required()
    let key = try Parse.assignment(id)
    // Who leads the visit now matters only to a guide's answer.
    var visit: Visit?
    if case .guide = principal, let booking = try? await service.booking(key.booking),
      booking.visits.indices.contains(key.position)
    {
      visit = booking.visits[key.position]
    }
    guard
      let guide = try principal.answeringGuide(
        named: named.map { Guide.ID($0) }, leader: visit?.guide)
    else {
      // A visit taken from this guide (declined, or re-planned to another) is no longer his
      // or hers to answer, which the guide may know; anyone else's is not found.
      if case .guide(let own) = principal, visit?.wasTaken(from: own) == true {
        throw BookingError.notAssigned(id)
      }
      throw BookingError.unknownAssignment(id)
    }
    return (key, guide)
  }
}

extension Parse {
  static func assignment(_ text: String) throws -> VisitKey {
    guard let key = VisitKey(assignmentID: text) else {
      throw BookingError.unknownAssignment(text)
    }
    return key
  }
}

extension BookingViews {
  func guide(_ id: Guide.ID?) -> Components.Schemas.GuideRef? {
    id.map { .init(id: $0.rawValue, name: guides[$0]?.name ?? $0.rawValue) }
  }

  /// What a re-plan moved, and what no guide can take.
  func repair(_ plan: GuidePlan) -> Components.Schemas.GuideRepair {
    .init(
      moved: plan.changes.map { change in
        .init(
          assignment: change.visit.assignmentID, start: time(change.start),
          site: CatalogueViews.siteRef(change.site, sites), from: guide(change.from),
          to: guide(change.to))
      },
      uncovered: plan.unassigned.sorted { $0.key < $1.key }.map {
        .init(assignment: $0.key.assignmentID, violation: violation($0.value))
      })
  }

  func assignment(_ assignment: Assignment) -> Components.Schemas.Assignment {
    let group = assignment.booking.group
    var expiry: Date?
    if case .held(let expiresAt) = assignment.booking.state { expiry = expiresAt }
    return .init(
      id: assignment.key.assignmentID, booking: assignment.booking.id.rawValue,
      bookingState: expiry == nil ? .confirmed : .held, holdExpiresAt: expiry.map(time),
      date: assignment.booking.date.description, visit: visit(assignment.visit),
      groupSize: group.headcount, language: group.language.code,
      wheelchairUsers: group.needs.wheelchairUsers, organisation: group.organisation.rawValue,
      organisationName: organisations[group.organisation],
      status: assignment.visit.accepted == true ? .accepted : .pending)
  }
}
