import Foundation
import Journeys
import Synchronization

/// Bookings this process wrote last, each with the revision of its row and its stored JSON.
///
/// A change of one of them (a confirmation just after its hold, most often) is first tried
/// against the revision remembered, without reading the row: the write is a compare-and-set on
/// that revision, so a booking changed meanwhile elsewhere is simply read and decided again.
final class RecentBookings: Sendable {
  struct Written: Sendable {
    var booking: Booking
    var revision: Int
    var body: String
  }

  /// Bookings kept at most; past that the memory starts again empty.
  static let capacity = 2_000

  private let written = Mutex<[Booking.ID: Written]>([:])

  func remember(_ booking: Booking, at revision: Int, body: String) {
    written.withLock { written in
      if written.count >= Self.capacity { written.removeAll() }
      written[booking.id] = Written(booking: booking, revision: revision, body: body)
    }
  }

  func recalled(_ id: Booking.ID) -> Written? { written.withLock { $0[id] } }

  func forget(_ id: Booking.ID) { _ = written.withLock { $0.removeValue(forKey: id) } }
}
