import Journeys
import Testing

@Suite("TravelTimes")
struct TravelTimesTests {
  /// A site on the meridian 2.79° E; one degree of latitude is about 111.2 km.
  func site(_ id: Site.ID, latitude: Double) -> Site {
    Basin.site(
      id, name: id.rawValue, hours: Basin.hours("09:00-18:00"),
      capacity: .init(maxGroupSize: 40, simultaneousGroups: 1, groupsPerDay: 1),
      themes: [.heritage], latitude: latitude, longitude: 2.79)
  }

  @Test func theSameSiteTakesNoTime() {
    let a = site("a", latitude: 50.45)
    #expect(TravelTimes().minutes(from: a, to: a) == 0)
  }

  @Test func measuresGreatCircleDistances() {
    let a = site("a", latitude: 50.0).location
    let b = site("b", latitude: 51.0).location
    let km = TravelTimes.greatCircleKilometres(a, b)
    #expect(abs(km - 111.195) < 0.01)
    #expect(TravelTimes.greatCircleKilometres(a, a) == 0)
  }

  @Test func nearbySitesAreWalked() {
    // 0.003° ≈ 0.334 km × 1.35 detour ÷ 4 km/h ≈ 6.75 min, rounded up; no boarding time.
    let a = site("a", latitude: 50.450)
    let b = site("b", latitude: 50.453)
    #expect(TravelTimes().minutes(from: a, to: b) == 7)
    #expect(TravelTimes().minutes(from: b, to: a) == 7)
  }

  @Test func twoSitesAtTheSamePointStillTakeAShortWalk() {
    let a = site("a", latitude: 50.45)
    let b = site("b", latitude: 50.45)
    #expect(TravelTimes().minutes(from: a, to: b) == TravelTimes.shortestWalkMinutes)
  }

  @Test func fartherSitesAreReachedByCoachWithBoardingTime() {
    // 0.1° ≈ 11.12 km × 1.35 ÷ 35 km/h ≈ 25.7 min, rounded up, + 10 min boarding.
    let a = site("a", latitude: 50.40)
    let b = site("b", latitude: 50.50)
    #expect(TravelTimes().minutes(from: a, to: b) == 36)
    let slowBoarding = TravelTimes(boardingMinutes: 20)
    #expect(slowBoarding.minutes(from: a, to: b) == 46)
  }

  @Test func theWalkingThresholdDecidesTheMode() {
    // 0.005° ≈ 0.556 km: walked under the 0.6 km default (11.3 min), by coach under a 0.5 km
    // threshold (1.3 min; no boarding time here to tell the two apart).
    let a = site("a", latitude: 50.450)
    let b = site("b", latitude: 50.455)
    #expect(TravelTimes(boardingMinutes: 0).minutes(from: a, to: b) == 12)
    let coach = TravelTimes(boardingMinutes: 0, walkingThresholdKilometres: 0.5)
    #expect(coach.minutes(from: a, to: b) == 2)
  }

  @Test func aMeasuredTimeOverridesTheEstimateInBothDirections() {
    let a = site("a", latitude: 50.40)
    let b = site("b", latitude: 50.50)
    let c = site("c", latitude: 50.60)
    let travel = TravelTimes(overrides: [.init(b, a): 42])
    #expect(travel.minutes(from: a, to: b) == 42)
    #expect(travel.minutes(from: b, to: a) == 42)
    #expect(travel.minutes(from: b, to: c) == 36)
  }

  @Test func pairsAreUnordered() {
    #expect(TravelTimes.Pair("x", "y") == TravelTimes.Pair("y", "x"))
    #expect(TravelTimes.Pair("y", "x").first == "x")
  }
}

extension TravelTimes.Pair {
  init(_ a: Site, _ b: Site) { self.init(a.id, b.id) }
}

@Suite("TravelTimes: town and open road")
struct TravelTimesOpenRoadTests {
  @Test func beyondTheTownKilometresTheCoachDrivesAtTheOpenRoadSpeed() {
    let travel = TravelTimes(openRoadKilometresPerHour: 70, townKilometres: 8)
    func site(_ id: Site.ID, _ latitude: Double) -> Site {
      TravelTimesTests().site(id, latitude: latitude)
    }
    // 0.2° ≈ 22.24 km × 1.35 = 30.02 km of road: 8 km at 35 km/h (13.71 min) and 22.02 km at
    // 70 km/h (18.88 min), 32.6 rounded up to 33, + 10 min boarding.
    #expect(travel.minutes(from: site("a", 50.3), to: site("b", 50.5)) == 43)
    // Within the town kilometres the open road plays no part: 0.05° ≈ 7.5 km of road at 35 km/h.
    let near = (site("c", 50.40), site("d", 50.45))
    #expect(
      travel.minutes(from: near.0, to: near.1) == TravelTimes().minutes(from: near.0, to: near.1))
  }
}
