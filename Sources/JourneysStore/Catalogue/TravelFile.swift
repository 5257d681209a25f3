import Foundation
import Journeys
import Yams

/// The travel model of `config/travel.yaml`: coach parameters and measured times per pair.
public enum TravelFile {
  /// Reads `path`, checking the pairs against `sites` when given. A missing file gives the
  /// defaults.
  public static func read(path: String, sites: Set<Site.ID>?) throws(CatalogueErrors)
    -> TravelTimes
  {
    guard FileManager.default.fileExists(atPath: path) else { return TravelTimes() }
    let f = YAMLFields(file: path)
    var travel = TravelTimes()
    if let text = CatalogueReader.read(URL(fileURLWithPath: path), f), let node = f.document(text),
      let map = f.mapping(node, "the travel model", allowed: ["coach", "overrides"])
    {
      if let coachNode = f.optional(map, "coach"),
        let coach = f.mapping(
          coachNode, "the coach model",
          allowed: [
            "detour_factor", "km_per_hour", "open_road_km_per_hour", "town_km",
            "boarding_minutes", "walking_threshold_km", "walking_km_per_hour",
          ])
      {
        travel.detourFactor =
          f.double(f.optional(coach, "detour_factor"), "detour_factor", in: 1...3)
          ?? travel.detourFactor
        travel.coachKilometresPerHour =
          f.double(f.optional(coach, "km_per_hour"), "km_per_hour", in: 5...130)
          ?? travel.coachKilometresPerHour
        travel.openRoadKilometresPerHour =
          f.double(
            f.optional(coach, "open_road_km_per_hour"), "open_road_km_per_hour", in: 20...130)
          ?? travel.openRoadKilometresPerHour
        travel.townKilometres =
          f.double(f.optional(coach, "town_km"), "town_km", in: 0...50) ?? travel.townKilometres
        travel.boardingMinutes =
          f.int(f.optional(coach, "boarding_minutes"), "boarding_minutes", in: 0...60)
          ?? travel.boardingMinutes
        travel.walkingThresholdKilometres =
          f.double(f.optional(coach, "walking_threshold_km"), "walking_threshold_km", in: 0...5)
          ?? travel.walkingThresholdKilometres
        travel.walkingKilometresPerHour =
          f.double(f.optional(coach, "walking_km_per_hour"), "walking_km_per_hour", in: 1...8)
          ?? travel.walkingKilometresPerHour
      }
      for item in f.list(f.optional(map, "overrides"), "overrides") ?? [] {
        guard let entry = f.mapping(item, "an override", allowed: ["between", "minutes"]),
          let pair = f.list(f.required(entry, "between", in: item), "the two sites"),
          let minutes = f.int(f.required(entry, "minutes", in: item), "minutes", in: 0...600)
        else { continue }
        let ids = pair.compactMap { f.string($0, "a site id") }.map { Site.ID($0) }
        guard ids.count == 2 else {
          f.report(entry["between"], "expected exactly two site ids")
          continue
        }
        for (id, node) in zip(ids, pair) where sites?.contains(id) == false {
          f.report(node, "unknown site “\(id)”")
        }
        travel.overrides[TravelTimes.Pair(ids[0], ids[1])] = minutes
      }
    }
    guard f.issues.isEmpty else { throw CatalogueErrors(issues: f.issues) }
    return travel
  }
}
