import Foundation

/// One assembly in progress: the candidate sites, their windows day by day, the problem given
/// to the solver, and the translation of its routes back into journeys.
struct Plan {
  /// A vertex of the problem: a site to visit, or the lunch venue of one day.
  struct Place {
    var site: Site
    var interest: Double
    /// For a lunch vertex, the only tour it belongs to.
    var lunchOf: Int?
  }

  let request: AssemblyRequest
  let context: BookingContext
  let dates: [LocalDate]
  let start: Site
  /// Vertex k + 1 of the problem is `places[k]`.
  private(set) var places: [Place] = []
  /// Why each candidate site could not be visited on a day, by day.
  private(set) var closed: [Site.ID: [Violation]] = [:]
  private(set) var excluded: [Site] = []
  /// Why no lunch venue could take the group, for the days where none could.
  private(set) var lunchless: [Violation] = []
  /// Why a lunch venue the group asked for could not serve lunch, over the days it could not.
  private(set) var venueRefusals: [Site.ID: [Violation]] = [:]
  /// Lunch venues the group asked for.
  private(set) var includedVenues: [Site] = []
  private(set) var problem: OrienteeringProblem
  /// The window of each place on each day, from which `problem` is made.
  private var windows: [[OrienteeringTimeWindow?]] = []

  init(request: AssemblyRequest, catalogue: Catalogue, context: BookingContext) {
    self.request = request
    self.context = context
    dates = request.dates
    start = Site(
      id: "start", name: request.start.name, commune: "", location: request.start.location,
      themes: [], visitMinutes: 5, guided: false, languages: [],
      capacity: .init(
        maxGroupSize: .max, simultaneousGroups: .max, groupsPerDay: .max),
      openingHours: .everyDay(
        LocalTimeRange(start: LocalTime(minutes: 0)!, end: LocalTime(minutes: 1439)!)!))
    problem = OrienteeringProblem(places: [], tours: [], travelTimes: [0])
    let catalogued = request.lunch ? Self.lunchVenues(in: catalogue) : []
    includedVenues = catalogued.filter(request.include.contains).compactMap { catalogue.site($0) }
    // A venue the group asked for is tried first each day; one it excluded is never used.
    let venues =
      includedVenues.map(\.id) + catalogued.filter { !request.include.contains($0) }
    var windows: [[OrienteeringTimeWindow?]] = []
    for site in catalogue.sites where !venues.contains(site.id) {
      let interest = JourneyAssembler.interest(of: site, themes: request.themes)
      let included = request.include.contains(site.id)
      guard interest > 0 || included else { continue }
      guard !request.exclude.contains(site.id) else {
        excluded.append(site)
        continue
      }
      let days = dates.map { window(for: site, minutes: site.visitMinutes, on: $0) }
      closed[site.id] = days.flatMap(\.failure)
      places.append(Place(site: site, interest: interest))
      windows.append(days.map { try? $0.get() })
    }
    for (tour, date) in dates.enumerated() where !venues.isEmpty {
      if let short = lunchlessDay(date) {
        lunchless.append(short)
        continue
      }
      // The venue with room that day that most catalogue journeys use.
      var lunch: (Site, OrienteeringTimeWindow)?
      var refusals: [Violation] = []
      for venue in venues.compactMap({ catalogue.site($0) }) where lunch == nil {
        guard !request.exclude.contains(venue.id) else {
          refusals.append(AssemblyMessages.venueExcluded(venue, date: date))
          continue
        }
        switch lunchWindow(at: venue, on: date) {
        case .success(let window): lunch = (venue, window)
        case .failure(let reasons):
          refusals += reasons.all
          if request.include.contains(venue.id) {
            venueRefusals[venue.id, default: []] += reasons.all
          }
        }
      }
      guard let (venue, window) = lunch else {
        // The assembler's own notes already say there is no lunch; a booking rule's refusal
        // of a venue (closed that day) is said as the reason there is none.
        let own: Set<Violation.Code> = [.assemblyNoLunch, .assemblyExcluded]
        let rules = refusals.filter { !own.contains($0.code) }
        lunchless += refusals.filter { own.contains($0.code) }
        if !rules.isEmpty { lunchless.append(AssemblyMessages.noLunch(date: date, because: rules)) }
        continue
      }
      places.append(Place(site: venue, interest: 0, lunchOf: tour))
      windows.append(dates.indices.map { $0 == tour ? window : nil })
    }
    self.windows = windows
    problem = makeProblem(windows: windows)
  }

  /// The lunch venue of day `tour`, while it is still in that day's problem.
  func lunchVenue(ofDay tour: Int) -> Site? {
    places.indices.first { places[$0].lunchOf == tour && windows[$0][tour] != nil }
      .map { places[$0].site }
  }

  /// Takes `site` out of day `tour`: the booking rules refused it there once timed.
  mutating func bar(_ site: Site.ID, fromDay tour: Int) {
    for index in places.indices where places[index].site.id == site {
      windows[index][tour] = nil
    }
    problem = makeProblem(windows: windows)
  }

  /// Why `date` has no lunch whatever the venue, when the day's hours leave no time for one
  /// starting within the lunch window.
  func lunchlessDay(_ date: LocalDate) -> Violation? {
    let earliest = max(request.startTime.minutes, request.lunchWindow.start.minutes)
    guard
      earliest > request.lunchWindow.end.minutes
        || earliest + Self.lunchMinutes > request.endTime.minutes
    else { return nil }
    return AssemblyMessages.noLunchTime(
      date: date, day: (request.startTime, request.endTime), lunch: request.lunchWindow,
      minutes: Self.lunchMinutes)
  }

  private func makeProblem(windows: [[OrienteeringTimeWindow?]]) -> OrienteeringProblem {
    let sites = [start] + places.map(\.site)
    let travel = sites.map { from in
      sites.map { to in Double(JourneyAssembler.leg(context.travel.minutes(from: from, to: to))) }
    }
    let problemPlaces = places.indices.map { index in
      OrienteeringPlace(
        profit: places[index].interest, serviceDuration: Double(minutes(at: index)),
        windows: windows[index],
        required: places[index].lunchOf != nil || request.include.contains(places[index].site.id))
    }
    let tours = dates.map { _ in
      OrienteeringTour(
        start: Double(request.startTime.minutes), end: Double(request.endTime.minutes))
    }
    return OrienteeringProblem(places: problemPlaces, tours: tours, travelTimes: travel)
  }

  /// Minutes spent at vertex `index + 1`.
  func minutes(at index: Int) -> Int {
    places[index].lunchOf == nil ? places[index].site.visitMinutes : Self.lunchMinutes
  }

  static let lunchMinutes = 90

  /// Sites where catalogue journeys lunch, the most used first.
  static func lunchVenues(in catalogue: Catalogue) -> [Site.ID] {
    var uses: [Site.ID: Int] = [:]
    for stop in catalogue.journeys.flatMap(\.stops) where stop.kind == .lunch {
      uses[stop.site, default: 0] += 1
    }
    return uses.keys.sorted { (uses[$0]!, $1.rawValue) > (uses[$1]!, $0.rawValue) }
  }

  /// The window on the start of a visit of `minutes` at `site` on `date`, in minutes after
  /// midnight, or why the site cannot take the group that day.
  func window(for site: Site, minutes: Int, on date: LocalDate, lunch: Bool = false) -> Result<
    OrienteeringTimeWindow, Violations
  > {
    // A group lunches whatever its language (as the scheduler has it).
    var reasons = JourneyScheduler.siteChecks(
      site, on: date, for: request.group, in: context, checks: (true, !lunch))
    let ranges: [LocalTimeRange]
    switch site.openingHours.day(date) {
    case .failure(let closed):
      return .failure(
        Violations(reasons + [Messages.closedAllDay(site, date: date, reason: closed.reason)]))
    case .success(let open): ranges = open
    }
    if site.guided, !hasGuide(for: site, on: date) {
      reasons.append(AssemblyMessages.noGuide(site, language: request.group.language, date: date))
    }
    guard reasons.isEmpty else { return .failure(Violations(reasons)) }
    let civil = context.civil
    let sunset = site.endsBeforeSunset == true ? Sunset.instant(on: date, at: site) : nil
    let sunsetMinutes = sunset.map { civil.civil($0).time.minutes } ?? .max
    // One window per day (a site closed at lunch offers its morning or its afternoon, not the
    // gap between them): the opening that leaves the most of the group's day, so that a
    // morning programme gets a site's morning hours.
    let (dayStart, dayEnd) = (request.startTime.minutes, request.endTime.minutes)
    func usable(_ range: (open: Int, close: Int)) -> (Int, Int) {
      (min(range.close, dayEnd) - max(range.open, dayStart), range.close - range.open)
    }
    let longest = ranges.map { (open: $0.start.minutes, close: min($0.end.minutes, sunsetMinutes)) }
      .max { usable($0) < usable($1) }
    guard let longest, longest.close - minutes >= longest.open else {
      let first = civil.boundary(on: date, at: ranges.first?.start ?? request.startTime)
      return .failure(
        Violations([
          sunset.map {
            Messages.afterSunset(
              site, date: date, sunset: $0, arrival: first, minutes: minutes, civil: civil)
          }
            ?? Messages.closedDuringVisit(
              site, date: date, ranges: ranges, arrival: first, minutes: minutes, civil: civil)
        ]))
    }
    return .success(
      OrienteeringTimeWindow(open: Double(longest.open), close: Double(longest.close - minutes)))
  }

  /// The lunch window at a venue on `date`: lunch starts within the group's lunch window.
  func lunchWindow(at venue: Site, on date: LocalDate) -> Result<OrienteeringTimeWindow, Violations>
  {
    window(for: venue, minutes: Self.lunchMinutes, on: date, lunch: true).flatMap { open in
      let window = OrienteeringTimeWindow(
        open: max(open.open, Double(request.lunchWindow.start.minutes)),
        close: min(open.close, Double(request.lunchWindow.end.minutes)))
      return window.open <= window.close
        ? .success(window)
        : .failure(Violations([AssemblyMessages.noLunch(venue, date: date)]))
    }
  }

  /// Whether any active guide speaking the group's language, certified for `site` and not away
  /// all day could lead it: the scheduler checks the hours once the day is timed.
  func hasGuide(for site: Site, on date: LocalDate) -> Bool {
    let civil = context.civil
    let (dayStart, dayEnd) = (
      civil.boundary(on: date, at: request.startTime), civil.boundary(on: date, at: request.endTime)
    )
    return context.guides.contains { guide in
      guard guide.active, guide.languages.contains(request.group.language),
        guide.isCertified(for: site)
      else { return false }
      if let week = guide.weeklyAvailability, (week[date.weekday] ?? []).isEmpty { return false }
      if (guide.unavailable ?? []).contains(where: { $0.start <= dayStart && dayEnd <= $0.end }) {
        return false
      }
      // Taken the whole day by other groups (one long visit, as a full-day programme is).
      return !context.ledger.visits(of: guide.id, on: date).contains {
        $0.visit.start <= dayStart && dayEnd <= $0.visit.end
      }
    }
  }
}

/// Violations as an error, for `Result`.
struct Violations: Error {
  var all: [Violation]
  init(_ all: [Violation]) { self.all = all }
}

extension Result where Failure == Violations {
  /// The violations of a failure, none for a success.
  var failure: [Violation] {
    if case .failure(let violations) = self { return violations.all }
    return []
  }
}
