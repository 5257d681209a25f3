import Foundation
import Journeys

extension JourneysAPI {
  func assembleJourney(_ input: Operations.AssembleJourney.Input) async throws
    -> Operations.AssembleJourney.Output
  {
    // Assembly saves custom journeys: for those who may book them.
    guard try Caller.required().role != .guide else { throw AccessError.forbidden }
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    guard case .json(let body) = input.body else { throw InvalidRequest.body }
    let request = AssemblyRequest(
      firstDate: try Parse.date(body.from, field: "from"), days: body.days,
      group: try Parse.profile(
        groupSize: body.groupSize, language: body.language,
        wheelchairUsers: body.wheelchairUsers),
      themes: try Parse.themes(body.themes.additionalProperties),
      include: (body.include ?? []).map { Site.ID($0) },
      exclude: (body.exclude ?? []).map { Site.ID($0) },
      startTime: try body.startTime.map { try Parse.time($0, field: "startTime") }
        ?? LocalTime("09:30")!,
      endTime: try body.endTime.map { try Parse.time($0, field: "endTime") }
        ?? LocalTime("18:00")!,
      lunch: body.lunch ?? true)
    let seconds = body.seconds ?? 1.5
    guard (0.1...10).contains(seconds) else {
      throw InvalidRequest(
        field: "seconds",
        message: .init(
          fr: "La recherche dure de 0,1 à 10 secondes.", en: "The search takes 0.1 to 10 seconds."))
    }
    let seed = body.seed ?? 1
    guard seed >= 0 else {
      throw InvalidRequest(
        field: "seed",
        message: .init(
          fr: "La graine est un entier positif ou nul.",
          en: "The seed is a whole number 0 or above."))
    }
    let options = AssemblyOptions(seed: UInt64(seed), seconds: seconds)
    // The service runs the search itself off the cooperative pool.
    let started = ContinuousClock.now
    let programme = try await assemblies.run(seconds: seconds) {
      try await service.assemble(request, options: options)
    }
    metrics.plannerRun("assembly", seconds: (ContinuousClock.now - started) / .seconds(1))
    let views = try await views(language)
    return .ok(.init(body: .json(views.programme(programme))))
  }
}

extension Parse {
  static func themes(_ weights: [String: Double]) throws -> [Theme: Double] {
    var themes: [Theme: Double] = [:]
    for (name, weight) in weights {
      guard let theme = Theme(rawValue: name) else {
        let known = Theme.allCases.map(\.rawValue).joined(separator: ", ")
        throw InvalidRequest(
          field: "themes",
          message: .init(
            fr: "« \(name) » n'est pas un thème ; les thèmes sont \(known).",
            en: "“\(name)” is not a theme; the themes are \(known)."))
      }
      themes[theme] = weight
    }
    return themes
  }
}

extension BookingViews {
  func programme(_ programme: AssembledProgramme) -> Components.Schemas.AssembledProgramme {
    .init(
      score: programme.score,
      days: programme.days.map { day in
        .init(
          date: day.date.description,
          journey: .init(
            id: day.journey.id.rawValue, version: day.journey.version,
            title: day.journey.title.text(in: language)),
          score: day.score, programme: day.programme.visits.map(visit))
      },
      unplanned: programme.unplanned.map(\.description),
      notes: programme.notes.map(violation),
      leftOut: programme.leftOut.map {
        .init(
          site: CatalogueViews.siteRef($0.site, sites), interest: $0.interest,
          reasons: $0.reasons.map(violation))
      })
  }
}
