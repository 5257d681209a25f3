import Journeys
import Testing

@Suite("LocalTimeRange: backwards hours")
struct BackwardsRangeTests {
  @Test func wellWrittenButBackwardsHoursAreToldApartFromMalformedOnes() {
    #expect(
      LocalTimeRange.backwards("18:00-10:00").map { "\($0.start)-\($0.end)" } == "18:00-10:00")
    #expect(LocalTimeRange.backwards("10:00-10:00") != nil)
    #expect(LocalTimeRange.backwards("10:00-18:00") == nil)
    #expect(LocalTimeRange.backwards("10h-18h") == nil)
  }
}
