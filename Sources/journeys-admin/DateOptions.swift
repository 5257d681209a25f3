import ArgumentParser
import Journeys

/// Dates given as options, checked alike by every command: the option named, what was found.
enum DateOptions {
  /// `text` as a date, or a usage error naming `option`.
  static func date(_ text: String, _ option: String) throws -> LocalDate {
    guard let date = LocalDate(text) else {
      throw ValidationError("\(option) must be a date YYYY-MM-DD, found \(text)")
    }
    return date
  }

  /// `from` through `to` (at most `days` days when given), or a usage error saying which rule
  /// the options break.
  @discardableResult
  static func range(from: String, to: String, within days: Int? = nil) throws
    -> ClosedRange<LocalDate>
  {
    let (first, last) = (try date(from, "--from"), try date(to, "--to"))
    guard first <= last else { throw ValidationError("--to (\(last)) is before --from (\(first))") }
    if let days, first.distance(to: last) >= days {
      throw ValidationError("--from and --to span at most \(days) days")
    }
    return first...last
  }
}
