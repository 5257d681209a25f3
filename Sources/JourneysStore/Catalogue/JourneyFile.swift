import Journeys
import Yams

/// The shape of `itineraries/journeys/<id>.yaml`.
enum JourneyFile {
  static let keys: Set<String> = [
    "id", "version", "title", "description", "themes", "languages", "group_size", "day", "stops",
    "lunch_window", "change_deadline_days",
  ]
  static let stopKeys: Set<String> = ["site", "kind", "minutes", "guided", "mandatory", "activity"]

  /// The journey and the nodes of its stops (for cross-checks against the sites).
  static func journey(_ node: Node, _ f: YAMLFields) -> (Journey, [Node])? {
    guard let map = f.mapping(node, "a journey", allowed: keys) else { return nil }
    let id = f.parsed(
      f.required(map, "id", in: node), "the journey id", format: SiteFile.identifierFormat
    ) {
      SiteFile.isIdentifier($0) ? Journey.ID($0) : nil
    }
    if let id, id.isCustom {
      f.report(
        map["id"],
        "journey ids starting with \(Journey.ID.customPrefix) are kept for journeys assembled for one group"
      )
    }
    let version = f.int(f.required(map, "version", in: node), "the version", in: 1...100_000)
    let title = f.localized(f.required(map, "title", in: node), "the title")
    let description = f.localized(f.required(map, "description", in: node), "the description")
    let themes = f.themes(f.required(map, "themes", in: node))
    let languages = f.languages(f.required(map, "languages", in: node))
    let size = groupSize(f.required(map, "group_size", in: node), f)
    let day = self.day(f.required(map, "day", in: node), f)
    let stopNodes = f.list(f.required(map, "stops", in: node), "the stops") ?? []
    if map["stops"] != nil, stopNodes.isEmpty {
      f.report(map["stops"], "a journey needs at least one stop")
    }
    let stops = stopNodes.compactMap { stop($0, f) }
    let lunch = f.optional(map, "lunch_window").flatMap { Self.day($0, f) }
    let deadline = f.optional(map, "change_deadline_days").flatMap {
      f.int($0, "the change deadline (days before the date)", in: 0...90)
    }
    guard let id, let version, let title, let description, let themes, let languages, let size,
      let day, stops.count == stopNodes.count, !stops.isEmpty
    else { return nil }
    // Not even counting travel: a journey whose stops alone outlast its day fits no date.
    let length = day.end.minutes - day.start.minutes
    let visiting = stops.reduce(0) { $0 + $1.minutes }
    if visiting > length {
      f.report(
        map["stops"],
        "the stops last \(visiting) minutes, longer than the day from \(day.start) to \(day.end) (\(length) minutes)"
      )
      return nil
    }
    let journey = Journey(
      id: id, version: version, title: title, description: description, themes: themes,
      languages: languages, groupSize: size, day: day, stops: stops, lunchWindow: lunch,
      changeDeadlineDays: deadline)
    return (journey, stopNodes)
  }

  static func groupSize(_ node: Node?, _ f: YAMLFields) -> ClosedRange<Int>? {
    guard let node, let map = f.mapping(node, "the group size", allowed: ["min", "max"]) else {
      return nil
    }
    let min = f.int(f.required(map, "min", in: node), "the smallest group", in: 1...1000)
    let max = f.int(f.required(map, "max", in: node), "the largest group", in: 1...1000)
    guard let min, let max else { return nil }
    guard min <= max else {
      f.report(node, "the smallest group (\(min)) is larger than the largest (\(max))")
      return nil
    }
    return min...max
  }

  static func day(_ node: Node?, _ f: YAMLFields) -> Journey.DayWindow? {
    guard let node, let map = f.mapping(node, "the day window", allowed: ["start", "end"]) else {
      return nil
    }
    let start = f.parsed(
      f.required(map, "start", in: node), "the start of the day", format: "HH:MM", LocalTime.init)
    let end = f.parsed(
      f.required(map, "end", in: node), "the end of the day", format: "HH:MM", LocalTime.init)
    guard let start, let end else { return nil }
    guard start < end else {
      f.report(node, "the day ends (\(end)) before it starts (\(start))")
      return nil
    }
    return Journey.DayWindow(start: start, end: end)
  }

  static func stop(_ node: Node, _ f: YAMLFields) -> Journey.Stop? {
    guard let map = f.mapping(node, "a stop", allowed: stopKeys) else { return nil }
    let site = f.string(f.required(map, "site", in: node), "the site id").map { Site.ID($0) }
    let kind: Journey.StopKind? = f.enumeration(
      f.required(map, "kind", in: node), "the kind of stop")
    let minutes = f.int(f.required(map, "minutes", in: node), "minutes", in: 5...720)
    let guided = f.bool(f.required(map, "guided", in: node), "guided")
    let mandatory = f.bool(f.required(map, "mandatory", in: node), "mandatory")
    let activity = f.localized(f.required(map, "activity", in: node), "the activity")
    guard let site, let kind, let minutes, let guided, let mandatory, let activity else {
      return nil
    }
    return Journey.Stop(
      site: site, kind: kind, minutes: minutes, guided: guided, mandatory: mandatory,
      activity: activity)
  }

  /// Checks what a journey file cannot check alone: its sites exist, can be presented in the
  /// journey's languages, and take its largest group.
  static func crossCheck(
    _ journey: Journey, stopNodes: [Node], sites: [Site.ID: Site], unreadable: Set<String> = [],
    _ f: YAMLFields
  ) {
    for (stop, node) in zip(journey.stops, stopNodes) {
      let siteNode = node.mapping?["site"]
      guard let site = sites[stop.site] else {
        f.report(
          siteNode,
          unreadable.contains(stop.site.rawValue)
            ? "site “\(stop.site)” cannot be read: see the errors of sites/\(stop.site).yaml"
            : "unknown site “\(stop.site)”: no sites/\(stop.site).yaml")
        continue
      }
      let missing = journey.languages.filter { !site.languages.contains($0) }
      if !missing.isEmpty {
        let codes = missing.map(\.code).joined(separator: ", ")
        f.report(
          siteNode, "the journey is offered in \(codes) but \(site.id) cannot be presented in it")
      }
      if site.capacity.maxGroupSize < journey.groupSize.upperBound {
        f.report(
          siteNode,
          "the journey takes groups of up to \(journey.groupSize.upperBound) but \(site.id) takes at most \(site.capacity.maxGroupSize)"
        )
      }
    }
  }
}

extension Journey.StopKind: CaseIterable {
  public static let allCases: [Self] = [.visit, .meeting, .lunch]
}
