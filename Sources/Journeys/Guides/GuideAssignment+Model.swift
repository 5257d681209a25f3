import Foundation

extension GuideAssignment {
  /// Guides and visits as the solver's workers and tasks, and back.
  struct Model {
    let context: BookingContext
    let guides: [Guide]
    let workerIndex: [Guide.ID: Int]
    /// Task i is visit `tasks[i]`.
    var tasks: [VisitKey] = []
    var visits: [VisitKey: (visit: Visit, language: Language)] = [:]
    /// The guides the bookings name now.
    var current: [VisitKey: Guide.ID] = [:]
    var problem = RosterProblem(tasks: [], workers: [])

    init(
      bookings: [Booking], guides: [Guide], context: BookingContext,
      pinned: [VisitKey: Guide.ID]
    ) {
      self.context = context
      self.guides = guides
      workerIndex = Dictionary(
        guides.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
      let civil = context.civil
      var sites: [Site.ID] = []
      var siteIndex: [Site.ID: Int] = [:]
      var groups: [String: Int] = [:]
      var rosterTasks: [RosterTask] = []
      for booking in bookings where booking.isActive(at: context.now) {
        for (position, visit) in booking.visits.enumerated() where visit.guided {
          let key = VisitKey(booking: booking.id, position: position)
          let day = civil.civil(visit.start).date
          if siteIndex[visit.site] == nil {
            siteIndex[visit.site] = sites.count
            sites.append(visit.site)
          }
          let group = groups["\(booking.id) \(day)", default: groups.count]
          groups["\(booking.id) \(day)"] = group
          tasks.append(key)
          visits[key] = (visit, booking.group.language)
          current[key] = visit.guide
          rosterTasks.append(
            RosterTask(
              start: Self.minute(visit.start), end: Self.minute(visit.end),
              location: siteIndex[visit.site], group: group, day: day.dayNumber,
              week: (day.dayNumber - day.weekday.ordinal) / 7))
        }
      }
      let workers = guides.map { guide in
        RosterWorker(
          // A pinned visit lies outside the horizon and keeps its guide even one who could no
          // longer be given it (an absence recorded since): dropping it would plan the guide's
          // next day without the rest owed after it.
          eligibleTasks: tasks.indices.filter {
            canLead(guide, tasks[$0]) || pinned[tasks[$0]] == guide.id
          },
          maxMinutesPerDay: guide.maxHoursPerDay * 60,
          maxMinutesPerWeek: guide.maxHoursPerWeek * 60,
          minimumRest: guide.minimumRestHours.map { $0 * 60 })
      }
      let known = sites.map { context.sites[$0] }
      let travel = RosterTravel(locationCount: sites.count) { from, to in
        guard let a = known[from], let b = known[to] else { return 0 }
        return context.travel.minutes(from: a, to: b)
      }
      var pins: [Int: Int] = [:]
      let settled = context.now.addingTimeInterval(GuideAssignment.settledNotice)
      for (index, key) in tasks.enumerated() {
        // What a guide accepted stays with him or her unless that becomes impossible, and so
        // does what is over or about to start: nobody is told of a change the same morning.
        let visit = visits[key]?.visit
        let kept = visit?.accepted == true || (visit?.start ?? .distantFuture) < settled
        if let guide = pinned[key] ?? (kept ? current[key] : nil), let worker = workerIndex[guide] {
          pins[index] = worker
        }
      }
      var previous: [Int: Int] = [:]
      for (index, key) in tasks.enumerated() {
        if let guide = current[key], let worker = workerIndex[guide] { previous[index] = worker }
      }
      problem = RosterProblem(
        tasks: rosterTasks, workers: workers, travel: travel, pinned: pins, previous: previous)
    }

    static func minute(_ instant: Date) -> Int {
      Int((instant.timeIntervalSince1970 / 60).rounded())
    }

    /// What does not depend on the other visits: language, certification, weekly availability,
    /// absences, and a visit no longer than the guide's day.
    func canLead(_ guide: Guide, _ key: VisitKey) -> Bool {
      guard guide.active, let (visit, language) = visits[key], guide.languages.contains(language),
        !(visit.declinedBy ?? []).contains(guide.id)
      else { return false }
      var alone = context
      alone.ledger = Ledger(entries: [])
      return GuideSelection.refusal(guide, visit, alongside: [], in: alone) == nil
    }

    func plan(_ solution: RosterSolution) -> GuidePlan {
      var assignments: [VisitKey: Guide.ID] = [:]
      for (index, worker) in solution.assignment.workerOfTask.enumerated() {
        if let worker { assignments[tasks[index]] = guides[worker].id }
      }
      var unassigned: [VisitKey: Violation] = [:]
      for missing in solution.unassigned {
        let key = tasks[missing.task]
        guard let (visit, language) = visits[key] else { continue }
        unassigned[key] = GuideMessages.unstaffed(
          visit, language: language, reason: missing.reason, site: context.sites[visit.site],
          civil: context.civil)
      }
      let changes = tasks.compactMap { key -> GuidePlan.Change? in
        guard current[key] != assignments[key], let visit = visits[key]?.visit else { return nil }
        return .init(
          visit: key, site: visit.site, start: visit.start, from: current[key],
          to: assignments[key])
      }.sorted { ($0.start, $0.visit) < ($1.start, $1.visit) }
      return GuidePlan(
        assignments: assignments, unassigned: unassigned, changes: changes,
        guidesUsed: Set(assignments.values).count, seconds: solution.elapsed)
    }
  }
}

/// Why a visit has no guide, in the words of `Messages`.
enum GuideMessages {
  static func unstaffed(
    _ visit: Visit, language: Language, reason: RosterUnassignedReason, site: Site?,
    civil: CivilTime
  ) -> Violation {
    let name = site?.name ?? visit.site.rawValue
    let (date, time) = civil.civil(visit.start)
    let day = Wording.date(date)
    let spoken = Wording.languages([language])
    let message: LocalizedText =
      switch reason {
      case .noEligibleWorker:
        .init(
          fr:
            "Aucun guide parlant \(spoken.fr), habilité pour \(name) et disponible ne peut mener la visite du \(day.fr) à \(time).",
          en:
            "No guide speaking \(spoken.en), certified for \(name) and available can lead the visit on \(day.en) at \(time)."
        )
      case .allEligibleBusy:
        .init(
          fr:
            "Les guides qui pourraient mener la visite de \(name) du \(day.fr) à \(time) sont déjà pris, trop loin ou au bout de leurs heures.",
          en:
            "The guides who could lead the visit of \(name) on \(day.en) at \(time) are busy elsewhere, too far away or out of hours."
        )
      }
    return Violation(
      code: .guideNoneAvailable, site: visit.site, date: date, start: visit.start, end: visit.end,
      message: message)
  }
}
