import Foundation
import Journeys
import Synchronization

/// The ledger of whole weeks (Monday to Sunday, by booking date) as this process last read or
/// wrote them, each with the version it was at (`ledger_weeks`, migration 8).
///
/// A hold decides from this memory and fetches again only the weeks whose version moved; the
/// database, not this memory, decides whether a decision was made from the current ledger
/// (`write_hold`).
final class LedgerWeeks: Sendable {
  /// One week: its version and its live visits.
  struct Week: Sendable {
    var version: Int64
    var entries: [Visit] = []
    /// When the first of its holds lapses: from then on the week is read again before a
    /// decision, so that lapsed holds are released and no longer count.
    var firstExpiry: Date?
    /// The same visits as a ledger, kept as they are added: a decision about a date in the
    /// middle of the week (whose ledger is the whole week) then builds nothing.
    private(set) var ledger = Ledger()

    init(version: Int64) { self.version = version }

    /// Whether a decision at `now` may use the week as remembered.
    func isCurrent(at now: Date) -> Bool { firstExpiry.map { now < $0 } ?? true }

    /// A live visit, with its booking's date and the local date it starts on.
    struct Visit: Sendable {
      var booking: LocalDate
      var start: LocalDate
      var entry: Ledger.Entry
    }

    /// Adds a visit of a booking of `date`, a hold lapsing at `expiry` if it has one.
    mutating func add(_ entry: Ledger.Entry, bookedFor date: LocalDate, expiring expiry: Date?) {
      let start = CivilTime.paris.civil(entry.visit.start).date
      entries.append(Visit(booking: date, start: start, entry: entry))
      ledger.add(entry, startingOn: start)
      if let expiry { firstExpiry = min(firstExpiry ?? expiry, expiry) }
    }
  }

  /// A version no week has (they start at 0): the week is read whole.
  static let unknown: Int64 = -1
  /// Weeks kept at most; past that the memory starts again empty.
  static let capacity = 1_000

  private let weeks = Mutex<[LocalDate: Week]>([:])

  /// The weeks of `mondays` as known now (nil when never read).
  func known(_ mondays: [LocalDate]) -> [Week?] {
    weeks.withLock { weeks in mondays.map { weeks[$0] } }
  }

  /// Lets `change` add to the kept week of `monday` in place (no copy of its visits when
  /// nothing else holds them) if it is kept at version `from`, and keeps it at `to`; forgets
  /// the week otherwise, to be read again when needed.
  func change(_ monday: LocalDate, from: Int64, to: Int64, _ change: (inout Week) -> Void) {
    weeks.withLock { weeks in
      guard var week = weeks.removeValue(forKey: monday), week.version == from else { return }
      change(&week)
      week.version = to
      weeks[monday] = week
    }
  }

  /// Forgets the weeks of `mondays`: they are read whole the next time they are needed.
  func forget(_ mondays: [LocalDate]) {
    weeks.withLock { weeks in for monday in mondays { weeks[monday] = nil } }
  }

  /// Keeps `week` for `monday` unless a newer version is kept already.
  func keep(_ week: Week, for monday: LocalDate) {
    weeks.withLock { weeks in
      if let kept = weeks[monday], kept.version >= week.version { return }
      if weeks.count >= Self.capacity { weeks.removeAll() }
      weeks[monday] = week
    }
  }

  /// The ledger of `dates` from `weeks`, the weeks of `mondays` (those `dates` touch).
  static func ledger(
    of dates: ClosedRange<LocalDate>, from weeks: [Week], mondays: [LocalDate]
  ) -> Ledger {
    // A week wholly inside `dates` is taken as kept, without building anything; the visits of
    // `dates` in the other weeks (a day before or after it) are added to it.
    let whole = mondays.firstIndex {
      dates.lowerBound <= $0 && $0.adding(days: 6) <= dates.upperBound
    }
    var ledger = whole.map { weeks[$0].ledger } ?? Ledger()
    for (index, week) in weeks.enumerated() where index != whole {
      for visit in week.entries where dates.contains(visit.booking) {
        ledger.add(visit.entry, startingOn: visit.start)
      }
    }
    return ledger
  }

  /// The Mondays of the weeks `dates` touch, earliest first.
  static func mondays(of dates: ClosedRange<LocalDate>) -> [LocalDate] {
    let first = dates.lowerBound.adding(days: -dates.lowerBound.weekday.ordinal)
    return stride(from: first.dayNumber, through: dates.upperBound.dayNumber, by: 7).map {
      LocalDate(dayNumber: $0)
    }
  }
}
