import Foundation

/// Builds a custom programme over several days from a group's themes: which sites, on which
/// day, in which order.
///
/// It is the Team Orienteering Problem with Time Windows (one tour per day): each site's
/// interest is the weight of its themes for the group times the admins' priority; each day
/// gives every site the window it is open and has room and a guide for the group, or none.
/// `OrienteeringSolver` searches; then every day is timed by `JourneyScheduler`, the same
/// rules as any booking, and a stop those rules refuse is dropped and explained.
public enum JourneyAssembler {
  /// Proposes a programme for `request`, or throws `BookingError.invalidRequest`.
  public static func assemble(
    _ request: AssemblyRequest, catalogue: Catalogue, in context: BookingContext,
    options: AssemblyOptions = .init()
  ) throws -> AssembledProgramme {
    try validate(request, catalogue: catalogue, in: context)
    let began = ContinuousClock.now
    var plan = Plan(request: request, catalogue: catalogue, context: context)
    // The budget is a ceiling for the whole call: half for the first search, the rest shared
    // by the searches again that refused stops may need (small problems such as the
    // catalogue's reach their best plan in a fraction of either).
    var solverOptions = OrienteeringOptions(
      seed: options.seed, timeLimit: options.seconds / 2, iterationLimit: options.iterations)
    if let report = options.progress {
      solverOptions.progress = { report($0.bestScore, $0.elapsedSeconds) }
    }
    var dropped: [Site.ID: [Violation]] = [:]
    func elapsed() -> Double { (ContinuousClock.now - began) / .seconds(1) }
    let first = OrienteeringSolver.solve(plan.problem, options: solverOptions)
    let searched = elapsed()
    var timed = timeDays(plan, solution: first)
    // Timing the days by the rules costs about as much after each search: it is set aside
    // from what is left for the searches again (a week with its guides takes a while).
    let timing = elapsed() - searched
    var seconds = timed.solution.elapsedSeconds
    var iterations = timed.solution.iterations
    // The solver's windows cannot know everything the rules check once a day is timed (the
    // guides other bookings already took): a stop they refuse is barred from that day and the
    // days are searched again, so that what does fit takes its place rather than leaving the
    // day nearly empty. Each search after the first shares what is left of the budget; the
    // best days timed are kept, whichever search found them.
    var best = timed
    var refused = timed.refused
    func score(_ days: [AssembledProgramme.Day]) -> Double { days.reduce(0) { $0 + $1.score } }
    for research in 0..<Self.researches where !refused.isEmpty {
      dropped.merge(timed.dropped) { $0 + $1 }
      for (site, tour) in refused { plan.bar(site, fromDay: tour) }
      let left = options.seconds - elapsed() - timing * Double(Self.researches - research)
      guard left > 0 else { break }
      solverOptions.timeLimit = left / Double(Self.researches - research)
      // Its scores start again from nothing: progress shows the first search only.
      solverOptions.progress = nil
      let solution = OrienteeringSolver.solve(plan.problem, options: solverOptions)
      seconds += solution.elapsedSeconds
      iterations += solution.iterations
      timed = timeDays(plan, solution: solution)
      refused = timed.refused
      if score(timed.days) > score(best.days) { best = timed }
    }
    dropped.merge(timed.dropped) { $0 + $1 }
    let (days, unplanned) = (best.days, best.unplanned)
    let chosen = Set(days.flatMap { $0.journey.stops.map(\.site) })
    let noLunch = days.filter { day in
      request.lunch && !day.journey.stops.contains { $0.kind == .lunch }
        && !plan.lunchless.contains { $0.date == day.date }
    }
    // The scheduler refuses only sites known not to be step-free; unknown ones are said.
    let unconfirmed = days.flatMap { day in
      day.journey.stops.compactMap { stop -> Violation? in
        guard request.group.needs.wheelchairUsers > 0, let site = context.sites[stop.site],
          site.accessibility.stepFree == nil
        else { return nil }
        return AssemblyMessages.accessUnconfirmed(site, date: day.date)
      }
    }
    // A day the timing left without lunch says so, with its venues' reasons when there are
    // some (refused by the booking rules once the day was timed: full at noon). Days no venue
    // could serve at all are among the plan's `lunchless`.
    let venues = Set(plan.places.filter { $0.lunchOf != nil }.map(\.site.id))
    let refusedLunches = noLunch.map { day in
      let reasons = venues.sorted().flatMap { dropped[$0] ?? [] }.filter { $0.date == day.date }
      return reasons.isEmpty
        ? AssemblyMessages.lunchCrowdedOut(date: day.date)
        : AssemblyMessages.noLunch(date: day.date, because: reasons)
    }
    let lunchNotes = plan.lunchless + refusedLunches
    // A day without a programme says so (its lunch note, if any, would not).
    let empty = unplanned.map { AssemblyMessages.dayUnplanned(date: $0) }
    let notes = Plan.distinct(
      empty + lunchNotes.filter { note in !unplanned.contains { $0 == note.date } } + unconfirmed)
    return AssembledProgramme(
      days: days, unplanned: unplanned, notes: notes,
      leftOut: plan.leftOut(chosen: chosen, dropped: dropped),
      seconds: seconds, iterations: iterations)
  }

  /// Searches after the first when the rules refuse stops the search chose.
  static let researches = 2

  /// The solver's days timed by the booking rules, day after day (each sees the guides the
  /// earlier ones took), with the stops the rules refused and why.
  static func timeDays(_ plan: Plan, solution: OrienteeringSolution) -> (
    days: [AssembledProgramme.Day], unplanned: [LocalDate], dropped: [Site.ID: [Violation]],
    refused: [(Site.ID, Int)], solution: OrienteeringSolution
  ) {
    var days: [AssembledProgramme.Day] = []
    var unplanned: [LocalDate] = []
    var dropped: [Site.ID: [Violation]] = [:]
    var refused: [(Site.ID, Int)] = []
    var ledger = plan.context.ledger
    for (tour, route) in solution.routes.enumerated() {
      let date = plan.dates[tour]
      var dayContext = plan.context
      dayContext.ledger = ledger
      let outcome = plan.day(tour, route: route, in: dayContext)
      dropped.merge(outcome.dropped) { $0 + $1 }
      refused += outcome.dropped.keys.sorted().map { ($0, tour) }
      guard let day = outcome.day else {
        unplanned.append(date)
        // A day without lunch rather than no day: searched again without its lunch (the
        // venue is far from what the group could see, or the search found nothing with it).
        if let venue = plan.lunchVenue(ofDay: tour),
          !refused.contains(where: { $0 == (venue.id, tour) })
        {
          refused.append((venue.id, tour))
          dropped[venue.id, default: []].append(AssemblyMessages.lunchGivenUp(venue, date: date))
        }
        continue
      }
      days.append(day)
      // The next days see this one's guides, for their weekly hours and rest.
      ledger.add(
        day.programme.visits, of: Booking.ID("assembly-\(date)"),
        headcount: plan.request.group.headcount)
    }
    return (days, unplanned, dropped, refused, solution)
  }

  /// How much `site` interests a group with these theme weights.
  public static func interest(of site: Site, themes: [Theme: Double]) -> Double {
    site.themes.reduce(0) { $0 + (themes[$1] ?? 0) } * (site.priority ?? 1)
  }

  static func validate(
    _ request: AssemblyRequest, catalogue: Catalogue, in context: BookingContext
  ) throws {
    func invalid(_ fr: String, _ en: String) -> BookingError {
      .invalidRequest(.init(fr: fr, en: en))
    }
    let maximum = AssemblyRequest.maximumDays
    guard (1...maximum).contains(request.days) else {
      throw invalid(
        "Un programme couvre de 1 à \(maximum) jours.",
        "A programme covers 1 to \(maximum) days.")
    }
    let heaviest = AssemblyRequest.maximumThemeWeight
    guard request.themes.values.allSatisfy({ (0...heaviest).contains($0) }) else {
      throw invalid(
        "Le poids d'un thème va de 0 à \(Int(heaviest)).",
        "A theme's weight is a number from 0 to \(Int(heaviest)).")
    }
    guard request.themes.values.contains(where: { $0 > 0 }) || !request.include.isEmpty else {
      throw invalid(
        "Indiquez au moins un thème qui intéresse le groupe, ou un site à inclure.",
        "Name at least one theme the group cares about, or a site to include.")
    }
    for id in request.include + request.exclude where catalogue.site(id) == nil {
      throw invalid("Le site \(id) n'existe pas au catalogue.", "There is no site \(id).")
    }
    if let both = request.include.first(where: request.exclude.contains) {
      throw invalid(
        "Le site \(both) est à la fois inclus et exclu.", "\(both) is both included and excluded.")
    }
    guard request.startTime < request.endTime else {
      throw invalid(
        "L'heure de départ doit précéder l'heure de retour.",
        "The start time must come before the return time.")
    }
    let today = context.civil.civil(context.now).date
    guard request.firstDate >= today else {
      throw BookingError.refused([Messages.pastDate(request.firstDate)])
    }
    // 02:30 on the last Sunday of March never happens: say so rather than guess.
    let missing = request.dates.flatMap { date in
      [request.startTime, request.endTime].filter {
        context.civil.instants(on: date, at: $0).isEmpty
      }
      .map { Messages.nonexistentTime(date: date, time: $0) }
    }
    guard missing.isEmpty else { throw BookingError.refused(missing) }
  }

  /// Travel in the scheduler's terms: programmes start on the five minutes, so a leg takes its
  /// minutes rounded up to five, and the solver's times are then exactly the scheduler's.
  static func leg(_ minutes: Int) -> Int { (minutes + 4) / 5 * 5 }

  /// A stable id naming a custom journey's content: saving the same day twice is one journey.
  static func customID(for journey: Journey) -> Journey.ID {
    var anonymous = journey
    anonymous.id = Journey.ID(Journey.ID.customPrefix)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let bytes = (try? encoder.encode(anonymous)) ?? Data()
    // FNV-1a: stable across runs and platforms, unlike `Hasher`.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return Journey.ID(Journey.ID.customPrefix + String(repeating: "0", count: 16 - hex.count) + hex)
  }
}
