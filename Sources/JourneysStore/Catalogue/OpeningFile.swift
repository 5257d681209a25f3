import Journeys
import Yams

/// The `opening:` block of a site file.
enum OpeningFile {
  static func hours(_ node: Node?, _ f: YAMLFields) -> OpeningHours? {
    let allowed: Set<String> = [
      "weekly", "seasons", "annual_closures", "closed_on", "public_holidays",
    ]
    guard let node, let map = f.mapping(node, "the opening hours", allowed: allowed) else {
      return nil
    }
    let week = self.week(f.required(map, "weekly", in: node), f)
    let seasonNodes = f.list(f.optional(map, "seasons"), "seasons") ?? []
    let seasons = seasonNodes.compactMap { season($0, f) }
    // Two seasons on one day would leave the first listed to win without anyone deciding it:
    // checked over a leap year, so that 29 February counts.
    if seasons.count == seasonNodes.count {
      var day = LocalDate(year: 2028, month: 1, day: 1)!
      var reported = false
      while day.year == 2028, !reported {
        let holding = seasons.indices.filter { seasons[$0].period.contains(day) }
        if holding.count > 1 {
          f.report(
            seasonNodes[holding[1]],
            "the seasons “\(seasons[holding[0]].name)” and “\(seasons[holding[1]].name)” both cover \(String(format: "%02d-%02d", day.month, day.day))"
          )
          reported = true
        }
        day = day.adding(days: 1)
      }
    }
    let annual = (f.list(f.optional(map, "annual_closures"), "annual closures") ?? []).compactMap {
      item -> OpeningHours.AnnualClosure? in
      guard let period = period(item, f, extra: ["reason", "reason_en"]) else { return nil }
      return .init(
        period: period, reason: f.string(f.optional(item.mapping, "reason"), "the reason"),
        reasonInEnglish: f.string(f.optional(item.mapping, "reason_en"), "the English reason"))
    }
    let closures = (f.list(f.optional(map, "closed_on"), "one-off closures") ?? []).compactMap {
      item -> OpeningHours.Closure? in
      guard let entry = f.mapping(item, "a closure", allowed: ["date", "reason", "reason_en"]),
        let date = f.parsed(
          f.required(entry, "date", in: item), "the date", format: "YYYY-MM-DD", LocalDate.init)
      else { return nil }
      return .init(
        date: date, reason: f.string(f.optional(entry, "reason"), "the reason"),
        reasonInEnglish: f.string(f.optional(entry, "reason_en"), "the English reason"))
    }
    let holidays: OpeningHours.HolidayPolicy? = f.enumeration(
      f.required(map, "public_holidays", in: node), "public_holidays")
    guard let week, let holidays else { return nil }
    return OpeningHours(
      week: week, seasons: seasons, annualClosures: annual, closures: closures,
      publicHolidays: holidays)
  }

  static func week(_ node: Node?, _ f: YAMLFields) -> OpeningHours.Week? {
    let days = Set(Weekday.allCases.map(\.rawValue))
    guard let node, let map = f.mapping(node, "a week (mon … sun)", allowed: days) else {
      return nil
    }
    var week: OpeningHours.Week = [:]
    for day in Weekday.allCases {
      guard let ranges = f.list(f.optional(map, day.rawValue), "the hours of \(day.rawValue)")
      else { continue }
      let parsed = ranges.compactMap { node -> LocalTimeRange? in
        // Well written but backwards (18:00-10:00) is said as such, not as a format error.
        if let text = node.string, let (start, end) = LocalTimeRange.backwards(text) {
          f.report(node, "the hours “\(text)” end (\(end)) before they start (\(start))")
          return nil
        }
        return f.parsed(node, "opening hours", format: "HH:MM-HH:MM", LocalTimeRange.init)
      }
      if OpeningHours.overlap(parsed) {
        f.report(map[day.rawValue], "the hours of \(day.rawValue) overlap")
      }
      week[day] = parsed.sorted { $0.start < $1.start }
    }
    return week
  }

  static func season(_ node: Node, _ f: YAMLFields) -> OpeningHours.Season? {
    guard let period = period(node, f, extra: ["name", "weekly"]), let map = node.mapping,
      let name = f.string(f.required(map, "name", in: node), "the season's name"),
      let week = week(f.required(map, "weekly", in: node), f)
    else { return nil }
    return .init(name: name, period: period, week: week)
  }

  static func period(_ node: Node, _ f: YAMLFields, extra: Set<String>) -> AnnualPeriod? {
    guard let map = f.mapping(node, "a period", allowed: extra.union(["from", "to"])) else {
      return nil
    }
    let from = f.parsed(
      f.required(map, "from", in: node), "the first day", format: "MM-DD", MonthDay.init)
    let to = f.parsed(
      f.required(map, "to", in: node), "the last day", format: "MM-DD", MonthDay.init)
    guard let from, let to else { return nil }
    return AnnualPeriod(from: from, to: to)
  }
}

extension OpeningHours.HolidayPolicy: CaseIterable {
  public static let allCases: [Self] = [.open, .closed]
}
