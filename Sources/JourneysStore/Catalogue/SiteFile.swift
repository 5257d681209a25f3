import Journeys
import Yams

/// The shape of `itineraries/sites/<id>.yaml`.
enum SiteFile {
  static let keys: Set<String> = [
    "id", "name", "commune", "address", "location", "themes", "visit_minutes", "guided",
    "languages", "capacity", "opening", "accessibility", "summary", "sources", "estimated",
    "booking_window", "ends_before_sunset", "priority",
  ]

  static func site(_ node: Node, _ f: YAMLFields) -> Site? {
    guard let map = f.mapping(node, "a site", allowed: keys) else { return nil }
    let id = f.parsed(f.required(map, "id", in: node), "the site id", format: identifierFormat) {
      isIdentifier($0) ? Site.ID($0) : nil
    }
    let name = f.string(f.required(map, "name", in: node), "the name")
    let commune = f.string(f.required(map, "commune", in: node), "the commune")
    let address = f.string(f.optional(map, "address"), "the address")
    let location = self.location(f.required(map, "location", in: node), f)
    let themes = f.themes(f.required(map, "themes", in: node))
    let minutes = f.int(f.required(map, "visit_minutes", in: node), "visit_minutes", in: 5...720)
    let guided = f.bool(f.required(map, "guided", in: node), "guided")
    let languages = f.languages(f.required(map, "languages", in: node))
    let capacity = self.capacity(f.required(map, "capacity", in: node), f)
    let opening = OpeningFile.hours(f.required(map, "opening", in: node), f)
    let accessibility = self.accessibility(f.optional(map, "accessibility"), f)
    let summary = f.localized(f.required(map, "summary", in: node), "the summary")
    let sources = f.list(f.required(map, "sources", in: node), "sources")?.compactMap {
      f.string($0, "a source")
    }
    let estimated = (f.list(f.optional(map, "estimated"), "estimated") ?? []).compactMap { item in
      let field = f.string(item, "a field name")
      if let field, !keys.contains(field) {
        f.report(item, "“\(field)” is not a field of a site")
      }
      return field
    }
    let window = bookingWindow(f.optional(map, "booking_window"), f)
    let sunset = f.bool(f.optional(map, "ends_before_sunset"), "ends_before_sunset")
    let priority = f.double(f.optional(map, "priority"), "priority", in: 0...10)
    if let languages, languages.isEmpty {
      f.report(map["languages"], "a site needs at least one language")
    }
    guard let id, let name, let commune, let location, let themes, let minutes, let guided,
      let languages, let capacity, let opening, let summary, let sources
    else { return nil }
    return Site(
      id: id, name: name, commune: commune, address: address, location: location, themes: themes,
      visitMinutes: minutes, guided: guided, languages: languages, capacity: capacity,
      openingHours: opening, accessibility: accessibility ?? .init(), summary: summary,
      sources: sources, estimated: estimated, bookingWindow: window, endsBeforeSunset: sunset,
      priority: priority)
  }

  static func bookingWindow(_ node: Node?, _ f: YAMLFields) -> Site.BookingWindow? {
    let allowed: Set<String> = ["min_notice_days", "horizon_days"]
    guard let node, let map = f.mapping(node, "the booking window", allowed: allowed) else {
      return nil
    }
    let notice = f.int(f.required(map, "min_notice_days", in: node), "min_notice_days", in: 0...365)
    let horizon = f.int(f.required(map, "horizon_days", in: node), "horizon_days", in: 1...1100)
    guard let notice, let horizon else { return nil }
    return Site.BookingWindow(minimumNoticeDays: notice, horizonDays: horizon)
  }

  static let identifierFormat = "lowercase letters, digits and dashes (loos-base-11-19)"

  static func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 64
      && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }

  static func location(_ node: Node?, _ f: YAMLFields) -> Site.Location? {
    guard let node, let map = f.mapping(node, "the location", allowed: ["lat", "lon", "precision"])
    else { return nil }
    let lat = f.double(f.required(map, "lat", in: node), "the latitude", in: -90...90)
    let lon = f.double(f.required(map, "lon", in: node), "the longitude", in: -180...180)
    let precision: Site.CoordinatePrecision? = f.enumeration(
      f.required(map, "precision", in: node), "the coordinate precision")
    guard let lat, let lon, let precision else { return nil }
    return Site.Location(latitude: lat, longitude: lon, precision: precision)
  }

  static func capacity(_ node: Node?, _ f: YAMLFields) -> Site.Capacity? {
    let allowed: Set<String> = ["max_group_size", "simultaneous_groups", "groups_per_day"]
    guard let node, let map = f.mapping(node, "the capacity", allowed: allowed) else { return nil }
    let size = f.int(f.required(map, "max_group_size", in: node), "max_group_size", in: 1...1000)
    let simultaneous = f.int(
      f.required(map, "simultaneous_groups", in: node), "simultaneous_groups", in: 1...100)
    let perDay = f.int(f.required(map, "groups_per_day", in: node), "groups_per_day", in: 1...200)
    guard let size, let simultaneous, let perDay else { return nil }
    return Site.Capacity(maxGroupSize: size, simultaneousGroups: simultaneous, groupsPerDay: perDay)
  }

  static func accessibility(_ node: Node?, _ f: YAMLFields) -> Site.Accessibility? {
    let allowed: Set<String> = ["step_free", "walking_km", "terrain", "notes"]
    guard let node, let map = f.mapping(node, "the accessibility", allowed: allowed) else {
      return nil
    }
    return Site.Accessibility(
      stepFree: f.bool(f.optional(map, "step_free"), "step_free"),
      walkingKilometres: f.double(f.optional(map, "walking_km"), "walking_km", in: 0...100),
      terrain: f.enumeration(f.optional(map, "terrain"), "the terrain"),
      notes: f.string(f.optional(map, "notes"), "the notes"))
  }
}

extension Site.CoordinatePrecision: CaseIterable {
  public static let allCases: [Self] = [.surveyed, .address, .site, .approx, .commune]
}

extension Site.Terrain: CaseIterable {
  public static let allCases: [Self] = [.flat, .uneven, .steep]
}
