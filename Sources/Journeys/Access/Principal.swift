import Foundation

/// Who is making a request, as proven by a bearer token.
///
/// The rules of who may see and change what are functions of the principal and the object, so
/// that they are the same for every endpoint and tested without a server.
public enum Principal: Hashable, Sendable, CustomStringConvertible {
  /// Sees and changes everything. The name says which person or system holds the token.
  case admin(String)
  /// Sees his or her own schedule and answers his or her own assignments.
  case guide(Guide.ID)
  /// Books for itself and sees only its own bookings.
  case organisation(Organisation.ID)

  /// The role, as tokens record it.
  public var role: Role {
    switch self {
    case .admin: .admin
    case .guide: .guide
    case .organisation: .organisation
    }
  }

  /// The subject's id (the admin's name for an admin).
  public var subject: String {
    switch self {
    case .admin(let name): name
    case .guide(let id): id.rawValue
    case .organisation(let id): id.rawValue
    }
  }

  /// `role:subject`, as the audit log records the actor.
  public var description: String { "\(role.rawValue):\(subject)" }

  /// The principal a token of `role` for `subject` stands for.
  public init(role: Role, subject: String) {
    switch role {
    case .admin: self = .admin(subject)
    case .guide: self = .guide(Guide.ID(subject))
    case .organisation: self = .organisation(Organisation.ID(subject))
    }
  }

  /// What a token lets its holder do.
  public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
    case admin, guide, organisation
  }

  /// Whether the principal may see and change `booking`: an admin, or the organisation it
  /// belongs to. Guides see their visits through their schedule, not bookings.
  public func mayAccess(_ booking: Booking) -> Bool {
    switch self {
    case .admin: true
    case .organisation(let id): booking.group.organisation == id
    case .guide: false
    }
  }

  /// Whether the principal may read and act on the schedule of `guide`.
  public func mayAct(asGuide guide: Guide.ID) -> Bool {
    switch self {
    case .admin: true
    case .guide(let id): id == guide
    case .organisation: false
    }
  }

  /// The organisation a booking made by this principal belongs to: its own for an
  /// organisation; the one named in the request for an admin; none for a guide.
  public func bookingOrganisation(named requested: Organisation.ID?) throws(AccessError)
    -> Organisation.ID
  {
    switch self {
    case .organisation(let id):
      guard requested == nil || requested == id else { throw .otherOrganisation(id) }
      return id
    case .admin:
      guard let requested else { throw .organisationRequired }
      return requested
    case .guide:
      throw .forbidden
    }
  }

  /// The guide whose answer (accept or decline) this principal gives about a visit that
  /// `leader` leads now: a guide answers only his or her own visits, naming no one else (nil:
  /// the assignment is not one the guide may see); an admin answers for the guide `named`.
  public func answeringGuide(named: Guide.ID?, leader: Guide.ID?) throws(AccessError)
    -> Guide.ID?
  {
    switch self {
    case .organisation: throw .forbidden
    case .admin:
      guard let named else { throw .guideRequired }
      return named
    case .guide(let own):
      return (named == nil || named == own) && leader == own ? own : nil
    }
  }

  /// The bookings this principal may list: its own for an organisation; any (or the requested
  /// organisation's) for an admin.
  public func bookingFilter(requested: Organisation.ID?) throws(AccessError) -> Organisation.ID? {
    switch self {
    case .organisation(let id):
      guard requested == nil || requested == id else { throw .otherOrganisation(id) }
      return id
    case .admin: return requested
    case .guide: throw .forbidden
    }
  }
}

extension Principal {
  /// An audit actor as this principal may see it: all of it for an admin and for one's own
  /// changes; only the role for others (an organisation learns that an admin or a guide
  /// changed its booking, not who).
  public func visibleActor(_ actor: String) -> String {
    if case .admin = self { return actor }
    if actor == description { return actor }
    return String(actor.prefix { $0 != ":" })
  }
}

/// Why a request is not allowed, before anything is looked up.
public enum AccessError: Error, Hashable, Sendable {
  /// No valid credentials (401).
  case unauthenticated
  /// Authenticated, but this role may not use the operation at all (403).
  case forbidden
  /// An admin booking for an organisation must name it.
  case organisationRequired
  /// An admin answering for a guide must name the guide.
  case guideRequired
  /// An organisation's token named another organisation: it acts only for its own (403).
  case otherOrganisation(Organisation.ID)
}
