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
    let facts = guided.map { GuideSelection.VisitFacts(visits[$0], in: context) }
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
    // Only the guides who can take at least one new visit on its own enter the problem, each
    // with the day's visits already staffed pinned to him or her: a guide who can take none
    // constrains nothing the planner decides, and costs nothing to leave out (nor can his or
    // her own day, if it no longer keeps the rules, make the solver's search fail for the
    // others: beyond `RosterFewTasks.limit` new visits it dropped such pins and gave up). A
    // guide's ledger around the day (`GuideDay`) is read only once language and
    // certification allow. The new visits are the first tasks, in the order of `guided`.
    var tasks = guided.map { task(visits[$0], group: 0) }
    var pinned: [Int: Int] = [:]
    var workers: [RosterWorker] = []
    var guideOf: [Int] = []
    for (index, guide) in context.guides.enumerated() {
      guard guide.active, guide.languages.contains(group.language),
        facts.contains(where: { guide.isCertified(for: $0.visit.site, themes: $0.themes) })
      else { continue }
      let day = GuideSelection.GuideDay(guide.id, on: date, in: context.ledger)
      // Each new visit alone against the ledger: availability, absences, rest, the other
      // days' hours, and the day's visits already booked.
      let eligible = facts.indices.filter {
        GuideSelection.refusal(guide, facts[$0], alongside: [], in: context, day: day) == nil
      }
      guard !eligible.isEmpty else { continue }
      let booked = day.entries(on: date).map { entry in
        pinned[tasks.count] = workers.count
        tasks.append(task(entry.visit, group: -1 - tasks.count))
        return tasks.count - 1
      }
      let otherDays = (0..<7).map { day.monday.adding(days: $0) }.filter { $0 != date }
        .reduce(0) { $0 + day.minutes(on: $1) }
      workers.append(
        RosterWorker(
          eligibleTasks: eligible + booked, maxMinutesPerDay: guide.maxHoursPerDay * 60,
          maxMinutesPerWeek: max(0, guide.maxHoursPerWeek * 60 - Int(otherDays.rounded(.up)))))
      guideOf.append(index)
    }
    let known = sites.map { context.sites[$0]?.location }
    let travel = RosterTravel(locationCount: sites.count) { from, to in
      guard let a = known[from], let b = known[to] else { return 0 }
      return context.travel.minutes(from: (sites[from], a), to: (sites[to], b))
    }
    let problem = RosterProblem(tasks: tasks, workers: workers, travel: travel, pinned: pinned)
    guard let assignment = assignment(for: problem) else { return nil }
    // Checked independently of the search, for the guides given new visits: the others' days
    // are as they were, and not this hold's to answer for.
    let receiving = Set((0..<guided.count).compactMap { assignment.workerOfTask[$0] })
    let checked = RosterAssignment(
      workerOfTask: assignment.workerOfTask.map { $0.flatMap { receiving.contains($0) ? $0 : nil } }
    )
    guard RosterSolver.check(problem, checked).isEmpty else { return nil }
    var staffed = visits
    for (offset, index) in guided.enumerated() {
      guard let worker = assignment.workerOfTask[offset] else { return nil }
      staffed[index].guide = context.guides[guideOf[worker]].id
    }
    return staffed
  }

  /// Every new visit staffed, or nil: the exact search when the day brings few new guided
  /// visits (nearly always), else a small, fixed amount of the solver's search, so that the
  /// answer is the same on every machine and every retry.
  static func assignment(for problem: RosterProblem) -> RosterAssignment? {
    if problem.tasks.count - problem.pinned.count <= RosterFewTasks.limit {
      return RosterFewTasks.solve(problem)
    }
    let solution = RosterSolver.solve(problem, options: .init(seed: 1, iterationLimit: 200))
    return solution.unassigned.isEmpty ? solution.assignment : nil
  }
}
