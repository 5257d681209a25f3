import Foundation

extension Plan {
  /// A day's route as a custom journey timed by the booking rules. A stop the rules refuse is
  /// dropped, the least interesting of those they name first, until the day holds.
  func day(_ tour: Int, route: [Int], in context: BookingContext) -> (
    day: AssembledProgramme.Day?, dropped: [Site.ID: [Violation]]
  ) {
    let date = dates[tour]
    var indices = route.map { $0 - 1 }
    var dropped: [Site.ID: [Violation]] = [:]
    // Lunch alone is not a day of visits.
    while indices.contains(where: { places[$0].lunchOf == nil }) {
      let journey = self.journey(tour, indices)
      let programme = JourneyScheduler.schedule(journey, on: date, for: request.group, in: context)
      if programme.isFeasible {
        let score = indices.reduce(0) { $0 + places[$1].interest }
        return (
          AssembledProgramme.Day(date: date, journey: journey, programme: programme, score: score),
          dropped
        )
      }
      let named = Set(programme.violations.compactMap(\.site))
      let candidates = indices.filter { named.contains(places[$0].site.id) }
      // Lunch goes last: a day without it is only for when nothing else holds.
      let victim = (candidates.isEmpty ? indices : candidates).min {
        (places[$0].lunchOf != nil ? 1 : 0, places[$0].interest)
          < (places[$1].lunchOf != nil ? 1 : 0, places[$1].interest)
      }!
      let site = places[victim].site.id
      let reasons = programme.violations.filter { $0.site == site || $0.site == nil }
      dropped[site, default: []] += reasons.isEmpty ? programme.violations : reasons
      indices.removeAll { $0 == victim }
    }
    return (nil, dropped)
  }

  /// The journey of vertices `indices` (into `places`) on tour `tour`.
  func journey(_ tour: Int, _ indices: [Int]) -> Journey {
    let first = indices.first.map { context.travel.minutes(from: start, to: places[$0].site) } ?? 0
    let arrival = request.startTime.minutes + JourneyAssembler.leg(first)
    // The day's window is that of the visits: they end in time for the way back, so that a
    // hold timed later than proposed (another group took the first slot) still brings the
    // group back by the end time it asked for.
    let back = indices.last.map { context.travel.minutes(from: places[$0].site, to: start) } ?? 0
    let departure = request.endTime.minutes - JourneyAssembler.leg(back)
    let stops = indices.map { index in
      let place = places[index]
      let lunch = place.lunchOf != nil
      return Journey.Stop(
        site: place.site.id, kind: lunch ? .lunch : .visit, minutes: minutes(at: index),
        guided: lunch ? false : place.site.guided, mandatory: true, activity: place.site.summary)
    }
    let sites = indices.map { places[$0].site }
    let largest = sites.map(\.capacity.maxGroupSize).min() ?? request.group.headcount
    // Every language all its visits are presented in (a group lunches whatever its language),
    // the group's first: a delegation may hold the day in another language its sites offer,
    // every rule (guides included) checked again then.
    let presented = sites.indices.filter { places[indices[$0]].lunchOf == nil }.map {
      Set(sites[$0].languages)
    }
    let shared = presented.dropFirst().reduce(presented.first ?? []) { $0.intersection($1) }
    let languages =
      [request.group.language]
      + shared.subtracting([request.group.language]).sorted { $0.code < $1.code }
    let names = sites.map(\.name).joined(separator: ", ")
    let day = tour + 1
    var journey = Journey(
      id: Journey.ID(Journey.ID.customPrefix), version: 1,
      title: .init(
        fr: "Voyage apprenant sur mesure, jour \(day)", en: "Custom learning journey, day \(day)"),
      description: .init(
        fr: "Programme assemblé : \(names).", en: "Assembled programme: \(names)."),
      themes: request.themes.filter { $0.value > 0 }.keys.sorted { $0.rawValue < $1.rawValue },
      languages: languages,
      groupSize: 1...max(1, largest),
      day: .init(
        start: LocalTime(minutes: min(arrival, 1439))!,
        end: LocalTime(minutes: max(departure, min(arrival, 1439)))!),
      stops: stops, lunchWindow: request.lunchWindow)
    journey.id = JourneyAssembler.customID(for: journey)
    return journey
  }

  /// Every site of interest not in the programme, with why, the most interesting first.
  func leftOut(chosen: Set<Site.ID>, dropped: [Site.ID: [Violation]]) -> [AssembledProgramme
    .LeftOut]
  {
    var result: [AssembledProgramme.LeftOut] = []
    for place in places where place.lunchOf == nil && !chosen.contains(place.site.id) {
      let site = place.site
      let reasons: [Violation]
      if let refused = dropped[site.id] {
        reasons = refused
      } else if let closed = closed[site.id], closed.count >= dates.count,
        !dates.indices.contains(where: { problem.places[index(of: site.id)].windows[$0] != nil })
      {
        reasons = closed
      } else if request.include.contains(site.id) {
        reasons = [AssemblyMessages.includedDoesNotFit(site)]
      } else if !fitsAlone(index(of: site.id) + 1) {
        // Not a matter of other sites doing better: the day cannot hold it at all.
        reasons = [
          AssemblyMessages.fitsNoDay(
            site, day: (request.startTime, request.endTime),
            lunch: dates.indices.contains { lunchVenue(ofDay: $0) != nil })
        ]
      } else {
        reasons = [AssemblyMessages.notSelected(site, interest: place.interest)]
      }
      result.append(.init(site: site.id, interest: place.interest, reasons: Self.distinct(reasons)))
    }
    // A lunch venue asked for and never lunched at says why, like any site asked for.
    for venue in includedVenues where !chosen.contains(venue.id) {
      let reasons =
        dropped[venue.id] ?? venueRefusals[venue.id] ?? [AssemblyMessages.includedDoesNotFit(venue)]
      result.append(
        .init(
          site: venue.id, interest: JourneyAssembler.interest(of: venue, themes: request.themes),
          reasons: Self.distinct(reasons)))
    }
    for site in excluded {
      let interest = JourneyAssembler.interest(of: site, themes: request.themes)
      result.append(
        .init(site: site.id, interest: interest, reasons: [AssemblyMessages.excluded(site)]))
    }
    return result.sorted { ($0.interest, $1.site.rawValue) > ($1.interest, $0.site.rawValue) }
  }

  /// `reasons` without repeats: the same reason every day (a language, a step) is said once.
  static func distinct(_ reasons: [Violation]) -> [Violation] {
    var said: Set<String> = []
    return reasons.filter { said.insert($0.code.rawValue + $0.message.en).inserted }
  }

  /// Whether vertex `v` fits alone in some day, with that day's lunch (before or after it)
  /// when the day has one.
  private func fitsAlone(_ v: Int) -> Bool {
    dates.indices.contains { tour in
      let lunch = places.indices.first { places[$0].lunchOf == tour }.map { $0 + 1 }
      let orders = lunch.map { [[v, $0], [$0, v]] } ?? [[v]]
      return orders.contains { order in
        var routes = [[Int]](repeating: [], count: dates.count)
        routes[tour] = order
        return OrienteeringSolution.check(problem: problem, routes: routes).isEmpty
      }
    }
  }

  private func index(of site: Site.ID) -> Int {
    places.firstIndex { $0.site.id == site && $0.lunchOf == nil }!
  }
}
