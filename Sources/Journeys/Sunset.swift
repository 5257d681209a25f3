import Foundation

/// Sunset at a place, for outdoor visits that must end in daylight (the slag-heap climbs).
///
/// NOAA's general solar position formulas: within a minute or two of the almanac at the basin's
/// latitude, which is what a programme needs (16:46 in late December, 22:03 in late June at Loos).
public enum Sunset {
  /// The instant of sunset on `date` at `latitude`/`longitude` (degrees, east positive), or nil
  /// where the sun does not set or rise that day (polar latitudes).
  public static func instant(on date: LocalDate, latitude: Double, longitude: Double) -> Date? {
    let dayOfYear = date.dayNumber - LocalDate(year: date.year, month: 1, day: 1)!.dayNumber + 1
    let daysInYear = LocalDate.isLeap(date.year) ? 366.0 : 365.0
    let gamma = 2 * Double.pi / daysInYear * (Double(dayOfYear) - 1)
    let equationOfTime =
      229.18
      * (0.000075 + 0.001868 * cos(gamma) - 0.032077 * sin(gamma) - 0.014615 * cos(2 * gamma)
        - 0.040849 * sin(2 * gamma))
    let declination =
      0.006918 - 0.399912 * cos(gamma) + 0.070257 * sin(gamma) - 0.006758 * cos(2 * gamma)
      + 0.000907 * sin(2 * gamma) - 0.002697 * cos(3 * gamma) + 0.00148 * sin(3 * gamma)
    let radians = Double.pi / 180
    let phi = latitude * radians
    // 90.833°: the sun's apparent radius and atmospheric refraction at the horizon.
    let cosHourAngle =
      cos(90.833 * radians) / (cos(phi) * cos(declination)) - tan(phi) * tan(declination)
    guard (-1...1).contains(cosHourAngle) else { return nil }
    let hourAngle = acos(cosHourAngle) / radians
    let minutesUTC = 720 - 4 * (longitude - hourAngle) - equationOfTime
    return Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + minutesUTC * 60)
  }

  /// Sunset at a site.
  public static func instant(on date: LocalDate, at site: Site) -> Date? {
    instant(on: date, latitude: site.location.latitude, longitude: site.location.longitude)
  }
}
