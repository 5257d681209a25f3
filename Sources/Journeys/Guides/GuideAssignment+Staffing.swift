import Foundation

extension GuideAssignment {
  /// Guides for the guided visits of one new programme, chosen by the planner together with the
  /// visits already staffed that day (kept as they are): the fewest guides that day, fair
  /// minutes, one guide for the group. Nil when the planner cannot staff every visit; the caller
  /// then explains why with `GuideSelection`.
  ///
  /// The visits already booked cannot move in the transaction that books this one; re-planning
  /// a horizon (`plan`, `journeys-admin guides plan`) is what makes the whole plan independent
  /// of the order bookings arrived in.
  public static func staff(
    _ visits: [Visit], date: LocalDate, group: GroupProfile, in context: BookingContext
  ) -> [Visit]? {
    let guided = visits.indices.filter { visits[$0].guided }
    guard !guided.isEmpty else { return visits }
    // The day's staffed visits, each pinned to its guide.
    let booked = context.guides.flatMap { guide in
      context.ledger.visits(of: guide.id, on: date).map { (guide: guide.id, visit: $0.visit) }
    }
    var sites: [Site.ID] = []
    func location(_ site: Site.ID) -> Int {
      if let index = sites.firstIndex(of: site) { return index }
      sites.append(site)
      return sites.count - 1
    }
    func task(_ visit: Visit, group: Int) -> RosterTask {
      RosterTask(
        start: Model.minute(visit.start), end: Model.minute(visit.end),
        location: location(visit.site), group: group, day: date.dayNumber, week: 0)
    }
    var tasks = booked.enumerated().map { task($1.visit, group: -1 - $0) }
    let first = tasks.count
    tasks += guided.map { task(visits[$0], group: 0) }
    let monday = date.adding(days: -date.weekday.ordinal)
    let workers = context.guides.map { guide in
      var eligible = booked.indices.filter { booked[$0].guide == guide.id }
      let day = GuideSelection.GuideDay(guide.id, on: date, in: context.ledger)
      if guide.active, guide.languages.contains(group.language) {
        // Each new visit alone against the ledger: availability, absences, rest, the other
        // days' hours, and the day's visits already booked.
        eligible += guided.indices.filter {
          GuideSelection.refusal(
            guide, visits[guided[$0]], alongside: [], in: context, day: day) == nil
        }.map { first + $0 }
      }
      let otherDays = (0..<7).map { monday.adding(days: $0) }.filter { $0 != date }
        .reduce(0) { $0 + day.minutes(on: $1) }
      return RosterWorker(
        eligibleTasks: eligible, maxMinutesPerDay: guide.maxHoursPerDay * 60,
        maxMinutesPerWeek: max(0, guide.maxHoursPerWeek * 60 - Int(otherDays.rounded(.up))))
    }
    let known = sites.map { context.sites[$0] }
    let travel = RosterTravel(locationCount: sites.count) { from, to in
      guard let a = known[from], let b = known[to] else { return 0 }
      return context.travel.minutes(from: a, to: b)
    }
    var pinned: [Int: Int] = [:]
    for (index, entry) in booked.enumerated() {
      if let worker = context.guides.firstIndex(where: { $0.id == entry.guide }) {
        pinned[index] = worker
      }
    }
    let problem = RosterProblem(tasks: tasks, workers: workers, travel: travel, pinned: pinned)
    // A small, fixed amount of search: the answer is the same on every machine and every retry.
    let solution = RosterSolver.solve(problem, options: .init(seed: 1, iterationLimit: 200))
    guard solution.unassigned.isEmpty, RosterSolver.check(problem, solution.assignment).isEmpty
    else { return nil }
    var staffed = visits
    for (offset, index) in guided.enumerated() {
      guard let worker = solution.assignment.workerOfTask[first + offset] else { return nil }
      staffed[index].guide = context.guides[worker].id
    }
    return staffed
  }
}
