/// The eleven public holidays of the Code du travail (art. L3133-1) for metropolitan France,
/// computed for any year. Good Friday and 26 December (Alsace-Moselle only) are not included:
/// the basin is in the Pas-de-Calais and the Nord.
public enum FrenchHolidays {
  /// A public holiday and its name.
  public struct Holiday: Hashable, Sendable {
    public let date: LocalDate
    public let name: LocalizedText
  }

  /// The holidays of `year`, in date order.
  public static func holidays(in year: Int) -> [Holiday] {
    let easter = easterSunday(year)
    func fixed(_ month: Int, _ day: Int, _ fr: String, _ en: String) -> Holiday {
      Holiday(date: LocalDate(year: year, month: month, day: day)!, name: .init(fr: fr, en: en))
    }
    func fromEaster(_ days: Int, _ fr: String, _ en: String) -> Holiday {
      Holiday(date: easter.adding(days: days), name: .init(fr: fr, en: en))
    }
    return [
      fixed(1, 1, "Jour de l'an", "New Year's Day"),
      fromEaster(1, "Lundi de Pâques", "Easter Monday"),
      fixed(5, 1, "Fête du Travail", "Labour Day"),
      fixed(5, 8, "Victoire 1945", "Victory in Europe Day"),
      fromEaster(39, "Ascension", "Ascension Day"),
      fromEaster(50, "Lundi de Pentecôte", "Whit Monday"),
      fixed(7, 14, "Fête nationale", "Bastille Day"),
      fixed(8, 15, "Assomption", "Assumption Day"),
      fixed(11, 1, "Toussaint", "All Saints' Day"),
      fixed(11, 11, "Armistice 1918", "Armistice Day"),
      fixed(12, 25, "Noël", "Christmas Day"),
    ].sorted { $0.date < $1.date }
  }

  /// The holiday falling on `date`, if any.
  public static func holiday(on date: LocalDate) -> Holiday? {
    holidays(in: date.year).first { $0.date == date }
  }

  /// Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
  public static func easterSunday(_ year: Int) -> LocalDate {
    let a = year % 19
    let b = year / 100
    let c = year % 100
    let d = b / 4
    let e = b % 4
    let f = (b + 8) / 25
    let g = (b - f + 1) / 3
    let h = (19 * a + b - d - g + 15) % 30
    let i = c / 4
    let k = c % 4
    let l = (32 + 2 * e + 2 * i - h - k) % 7
    let m = (a + 11 * h + 22 * l) / 451
    let month = (h + l - 7 * m + 114) / 31
    let day = (h + l - 7 * m + 114) % 31 + 1
    return LocalDate(year: year, month: month, day: day)!
  }
}
