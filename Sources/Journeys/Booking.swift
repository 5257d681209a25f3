import Foundation

/// A group on a journey on a date, with its timed programme. All or nothing across its visits.
public struct Booking: Hashable, Sendable, Codable, Identifiable {
  public typealias ID = Identifier<Booking>

  /// Where a booking stands. A hold keeps its capacity until it expires.
  public enum State: Hashable, Sendable, Codable {
    case held(expiresAt: Date)
    case confirmed(at: Date)
    case cancelled(at: Date)
    case expired(at: Date)

    /// The state's stable name, as the API and the database write it.
    public var name: String {
      switch self {
      case .held: "held"
      case .confirmed: "confirmed"
      case .cancelled: "cancelled"
      case .expired: "expired"
      }
    }

    /// How the state named `name` is said to a person — `confirmée` / `confirmed`, a hold an
    /// `option` as French booking offices say — or the name itself for one that is not a state.
    public static func said(_ name: String) -> LocalizedText {
      switch name {
      case "held": LocalizedText(fr: "option", en: "held")
      case "confirmed": LocalizedText(fr: "confirmée", en: "confirmed")
      case "cancelled": LocalizedText(fr: "annulée", en: "cancelled")
      case "expired": LocalizedText(fr: "expirée", en: "expired")
      default: LocalizedText(fr: name, en: name)
      }
    }
  }

  public var id: ID
  public var journey: Journey.ID
  public var journeyVersion: Int
  public var date: LocalDate
  public var group: Group
  public var state: State
  public var visits: [Visit]
  public var createdAt: Date
  /// How many times the booking was changed since it was made (state, guides, answers): the
  /// SEQUENCE of its calendar events. Stores count it; nil means never.
  public var revision: Int?
  /// When the booking last changed (the latest revision was written); nil before any change,
  /// and in bookings stored before it was kept.
  public var revisedAt: Date?
  /// The start of the day asked for at hold time, when not the journey's own: a change of
  /// headcount schedules the day again from it.
  public var startTime: LocalTime?

  public init(
    id: ID, journey: Journey.ID, journeyVersion: Int, date: LocalDate, group: Group, state: State,
    visits: [Visit], createdAt: Date
  ) {
    self.id = id
    self.journey = journey
    self.journeyVersion = journeyVersion
    self.date = date
    self.group = group
    self.state = state
    self.visits = visits
    self.createdAt = createdAt
  }

  /// `self` as the next revision of `current`, written at `instant`: stores call it on every
  /// change they write, so that calendars can say when an event last changed.
  public func revised(from current: Booking, at instant: Date) -> Booking {
    var next = self
    next.revision = (current.revision ?? 0) + 1
    // Whole seconds, as calendars say it: a stored date then reads back equal to the written
    // one (sub-second instants do not survive the seconds-since-1970 encoding exactly).
    next.revisedAt = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
    return next
  }

  /// When the hold lapses, for a held booking.
  public var expiresAt: Date? {
    if case .held(let date) = state { return date }
    return nil
  }

  /// Whether the booking takes capacity and guides at `now`: confirmed, or held and not lapsed.
  public func isActive(at now: Date) -> Bool {
    switch state {
    case .confirmed: true
    case .held(let expiresAt): expiresAt > now
    case .cancelled, .expired: false
    }
  }

  /// The booking as it stands at `now`: a hold whose time has passed is expired, whether or not
  /// anything has looked at it since. Stores keep the last written state; readers settle it.
  public func settled(at now: Date) -> Booking {
    guard case .held(let expiresAt) = state, expiresAt <= now else { return self }
    var copy = self
    copy.state = .expired(at: expiresAt)
    return copy
  }

  /// Confirms a live hold.
  public func confirmed(at now: Date) throws(BookingTransitionError) -> Booking {
    let current = settled(at: now)
    switch current.state {
    case .held:
      var copy = current
      copy.state = .confirmed(at: now)
      return copy
    case .confirmed: return current
    case .expired(let at): throw .holdExpired(id, at: at)
    case .cancelled: throw .notAllowed(id, from: current.state.name, to: "confirmed")
    }
  }

  /// Cancels a hold or a confirmed booking; cancelling twice is harmless.
  public func cancelled(at now: Date) throws(BookingTransitionError) -> Booking {
    let current = settled(at: now)
    switch current.state {
    case .held, .confirmed:
      var copy = current
      copy.state = .cancelled(at: now)
      return copy
    case .cancelled: return current
    case .expired: throw .notAllowed(id, from: "expired", to: "cancelled")
    }
  }
}

/// One timed stop of a booking's programme.
public struct Visit: Hashable, Sendable, Codable {
  public var site: Site.ID
  public var kind: Journey.StopKind
  public var start: Date
  public var end: Date
  /// Whether the visit needs one of our guides.
  public var guided: Bool
  public var guide: Guide.ID?
  public var activity: LocalizedText
  /// Whether the guide accepted the visit; nil until he or she answers. An accepted visit keeps
  /// its guide when the plan is re-optimised, unless that becomes impossible.
  public var accepted: Bool?
  /// Guides who declined the visit: the planner does not give it to them again.
  public var declinedBy: [Guide.ID]?
  /// Guides who were given the visit and had it taken back by a re-plan (an absence, new
  /// hours, another guide deactivated): their calendars keep it, cancelled, rather than drop it.
  public var formerGuides: [Guide.ID]?

  /// Whether `guide` was given the visit and no longer leads it (declined or re-planned).
  public func wasTaken(from guide: Guide.ID) -> Bool {
    self.guide != guide
      && ((declinedBy ?? []).contains(guide) || (formerGuides ?? []).contains(guide))
  }

  public init(
    site: Site.ID, kind: Journey.StopKind, start: Date, end: Date, guided: Bool,
    guide: Guide.ID? = nil, activity: LocalizedText = .init(fr: "", en: "")
  ) {
    self.site = site
    self.kind = kind
    self.start = start
    self.end = end
    self.guided = guided
    self.guide = guide
    self.activity = activity
  }

  /// Whether two half-open intervals `[start, end)` share an instant.
  public func overlaps(_ other: Visit) -> Bool { start < other.end && other.start < end }
}

/// Why a booking cannot move to the state asked for.
public enum BookingTransitionError: Error, Hashable, Sendable {
  /// The hold lapsed before it was confirmed; its capacity has been released.
  case holdExpired(Booking.ID, at: Date)
  /// The move makes no sense from the booking's current state.
  case notAllowed(Booking.ID, from: String, to: String)
}
