import Foundation
import Testing

@testable import Journeys

@Suite("Time zone offsets worked out once")
struct ZoneOffsetsTests {
  static let zones = [
    "Europe/Paris", "Europe/London", "America/New_York", "America/Sao_Paulo", "Asia/Kolkata",
    "Australia/Lord_Howe", "Pacific/Apia", "Africa/Casablanca", "UTC",
  ]

  @Test(arguments: zones)
  func answerAsTheZoneItselfAtEveryChangeAndAtRandomInstants(identifier: String) throws {
    let zone = try #require(TimeZone(identifier: identifier))
    let table = ZoneOffsets(zone)
    // The table answers itself, rather than falling back to the zone, for every zone here.
    #expect(table.complete)
    var probes: [Double] = []
    // Around every change the zone lists, where an off-by-one would show.
    var cursor = Date(timeIntervalSince1970: ZoneOffsets.span.lowerBound - 86_400)
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor),
      next.timeIntervalSince1970 < ZoneOffsets.span.upperBound + 86_400
    {
      let t = next.timeIntervalSince1970
      probes += [t - 1, t - 0.001, t, t + 0.001, t + 1]
      cursor = next
    }
    // And anywhere from 1900 to 2200, inside and outside the years of the table.
    var rng = SplitMix64(seed: 1)
    probes += (0..<5_000).map { _ in Double.random(in: -2_208_988_800...7_258_118_400, using: &rng)
    }
    probes += [
      ZoneOffsets.span.lowerBound, ZoneOffsets.span.upperBound - 1, ZoneOffsets.span.upperBound,
    ]
    for t in probes {
      let instant = Date(timeIntervalSince1970: t)
      #expect(table.seconds(at: instant) == zone.secondsFromGMT(for: instant), "\(identifier) \(t)")
    }
  }
}
