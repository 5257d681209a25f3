import Foundation
import Journeys

extension JourneysAPI {
  func checkAvailability(_ input: Operations.CheckAvailability.Input) async throws
    -> Operations.CheckAvailability.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    guard case .json(let request) = input.body else { throw InvalidRequest.body }
    let from = try Parse.date(request.from, field: "from")
    let to = try Parse.date(request.to, field: "to")
    let profile = try Parse.profile(
      groupSize: request.groupSize, language: request.language,
      wheelchairUsers: request.wheelchairUsers)
    let days = try await service.availability(
      journey: Journey.ID(request.journey), from: from, through: to, group: profile,
      startTime: try request.startTime.map { try Parse.time($0, field: "startTime") },
      suggest: request.suggest ?? false)
    var views = try await views(language)
    views.needs = profile.needs
    let suggested = request.suggest ?? false
    return .ok(
      .init(
        body: .json(
          .init(
            journey: request.journey,
            days: days.map { views.day($0, suggested: suggested) }))))
  }

  func createBooking(_ input: Operations.CreateBooking.Input) async throws
    -> Operations.CreateBooking.Output
  {
    let principal = try Caller.required()
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    guard case .json(let request) = input.body else { throw InvalidRequest.body }
    let organisation = try principal.bookingOrganisation(
      named: try Parse.organisation(request.organisation))
    let date = try Parse.date(request.date, field: "date")
    let profile = try Parse.profile(
      groupSize: request.groupSize, language: request.language,
      wheelchairUsers: request.wheelchairUsers)
    let contact = try Parse.contact(request.contact)
    let group = Group(
      organisation: organisation, contact: contact,
      headcount: profile.headcount, language: profile.language, needs: profile.needs)
    // Defaults spelt out, so that a retry naming one ("wheelchairUsers": 0, its own
    // organisation) is the same request.
    var stated = request
    stated.wheelchairUsers = profile.needs.wheelchairUsers
    stated.organisation = organisation.rawValue
    let idempotency = try input.headers.idempotencyKey.map { key in
      IdempotencyKey(
        scope: "createBooking:\(organisation)", key: try Parse.idempotencyKey(key),
        request: try Parse.canonical(stated))
    }
    let booking = try await service.hold(
      .init(
        journey: Journey.ID(request.journey), date: date, group: group,
        startTime: try request.startTime.map { try Parse.time($0, field: "startTime") }),
      idempotency: idempotency)
    return .created(
      .init(
        headers: .init(eTag: BookingETag.of(booking), location: "/v1/bookings/\(booking.id)"),
        body: .json(try await view(booking, language))))
  }

  func listBookings(_ input: Operations.ListBookings.Input) async throws
    -> Operations.ListBookings.Output
  {
    let principal = try Caller.required()
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let organisation = try await organisationFilter(input.query.organisation, for: principal)
    let query = BookingQuery(
      date: try input.query.date.map { try Parse.date($0, field: "date") },
      organisation: organisation)
    let (bookings, next) = try Paging.page(
      try await service.bookings(query), key: \.id.rawValue, limit: input.query.limit,
      cursor: input.query.cursor)
    let views = try await views(of: bookings, language)
    return .ok(.init(body: .json(.init(bookings: views, nextCursor: next))))
  }

  func getBooking(_ input: Operations.GetBooking.Input) async throws
    -> Operations.GetBooking.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let booking = try await accessibleBooking(input.path.id)
    return .ok(
      .init(
        headers: .init(eTag: BookingETag.of(booking)),
        body: .json(try await view(booking, language))))
  }

  func changeBooking(_ input: Operations.ChangeBooking.Input) async throws
    -> Operations.ChangeBooking.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let id = try await accessibleBooking(input.path.id).id
    guard case .json(let change) = input.body else { throw InvalidRequest.body }
    guard let header = input.headers.ifMatch else {
      throw PreconditionRequired(booking: "\(id)")
    }
    let booking = try await service.change(
      id,
      to: .init(
        headcount: try Parse.groupSize(change.groupSize),
        wheelchairUsers: try change.wheelchairUsers.map { count in
          guard (0...1000).contains(count) else {
            throw InvalidRequest(
              field: "wheelchairUsers",
              message: .init(
                fr: "Le nombre d'usagers en fauteuil va de 0 à 1000.",
                en: "The number of wheelchair users is from 0 to 1000."))
          }
          return count
        }),
      ifRevision: try BookingETag.revisions(ifMatch: header, for: id))
    return .ok(
      .init(
        headers: .init(eTag: BookingETag.of(booking)),
        body: .json(try await view(booking, language))))
  }

  func confirmBooking(_ input: Operations.ConfirmBooking.Input) async throws
    -> Operations.ConfirmBooking.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let id = try await accessibleBooking(input.path.id).id
    let booking = try await service.confirm(
      id, ifRevision: try BookingETag.revisions(ifMatch: input.headers.ifMatch, for: id))
    return .ok(
      .init(
        headers: .init(eTag: BookingETag.of(booking)),
        body: .json(try await view(booking, language))))
  }

  func cancelBooking(_ input: Operations.CancelBooking.Input) async throws
    -> Operations.CancelBooking.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let id = try await accessibleBooking(input.path.id).id
    let booking = try await service.cancel(
      id, ifRevision: try BookingETag.revisions(ifMatch: input.headers.ifMatch, for: id))
    return .ok(
      .init(
        headers: .init(eTag: BookingETag.of(booking)),
        body: .json(try await view(booking, language))))
  }

  func getBookingHistory(_ input: Operations.GetBookingHistory.Input) async throws
    -> Operations.GetBookingHistory.Output
  {
    let language = TextLanguage.resolve(
      query: input.query.lang, acceptLanguage: input.headers.acceptLanguage)
    let principal = try Caller.required()
    let id = try await accessibleBooking(input.path.id).id
    // Numbered within the booking: the audit log's own sequence counts every change in the
    // service, which would tell an organisation how busy the others are. A booking's history
    // is short, so it is read whole and paged here.
    let all = try await store.auditLog(
      subject: "booking:\(id)", after: nil, limit: Self.historyCeiling)
    let numbered = all.enumerated().map { (number: $0.offset + 1, entry: $0.element) }
    let (shownPage, nextCursor) = try Paging.page(
      numbered, key: { "\(id)|\($0.number)" }, limit: input.query.limit,
      cursor: input.query.cursor)
    let page = shownPage.map(\.entry)
    // The versions as the API shows bookings, not as the store keeps them. An entry written
    // by an older version of the service that no longer reads is left out rather than failing
    // the whole page.
    let stored = page.map { entry in
      [entry.before, entry.after].map { $0.flatMap { try? BookingViews.storedBooking($0) } }
    }
    var shown = try await views(of: stored.flatMap { $0.compactMap(\.self) }, language)[...]
    func next(_ booking: Booking?) -> Components.Schemas.Booking? {
      booking == nil ? nil : shown.popFirst()
    }
    let entriesShown = zip(shownPage, stored).map { numbered, versions in
      let entry = numbered.entry
      return Components.Schemas.HistoryEntry(
        sequence: numbered.number, at: service.civil.iso8601(entry.at),
        actor: principal.visibleActor(entry.actor), action: entry.action,
        before: next(versions[0]), after: next(versions[1]))
    }
    return .ok(
      .init(
        body: .json(
          .init(
            entries: entriesShown, nextCursor: nextCursor))))
  }

  /// More changes than any booking gets; the history is read whole below it.
  static let historyCeiling = 100_000

  /// The booking `id` if the caller may see it: an admin any, an organisation its own. Someone
  /// else's booking is not found, exactly as one that does not exist.
  func accessibleBooking(_ id: String) async throws -> Booking {
    let principal = try Caller.required()
    guard principal.role != .guide else { throw AccessError.forbidden }
    let booking = try await service.booking(Booking.ID(id))
    guard principal.mayAccess(booking) else { throw BookingError.unknownBooking(booking.id) }
    return booking
  }

  func view(_ booking: Booking, _ language: Language) async throws -> Components.Schemas.Booking {
    try await views(of: [booking], language)[0]
  }

  /// Bookings as the API shows them, with the names and each journey version read once.
  func views(of bookings: [Booking], _ language: Language) async throws
    -> [Components.Schemas.Booking]
  {
    let views = try await views(language)
    var journeys: [String: Journey?] = [:]
    var shown: [Components.Schemas.Booking] = []
    for booking in bookings {
      let key = "\(booking.journey)@\(booking.journeyVersion)"
      if journeys[key] == nil {
        journeys[key] = .some(
          try await store.journey(booking.journey, version: booking.journeyVersion))
      }
      shown.append(views.booking(booking, journey: journeys[key] ?? nil))
    }
    return shown
  }
}

/// Checks of request fields that the JSON schema alone does not enforce.
extension JourneysAPI {
  /// The organisation whose records `principal` lists: its own for an organisation; for an
  /// admin the one named, which must exist (a mistyped name would list nothing, silently), or
  /// every one.
  func organisationFilter(_ named: String?, for principal: Principal) async throws
    -> Organisation.ID?
  {
    let filter = try principal.bookingFilter(requested: try Parse.organisation(named))
    if case .admin = principal, let filter,
      try await !store.organisations().contains(where: { $0.id == filter })
    {
      throw InvalidRequest(
        field: "organisation",
        message: .init(
          fr: "Aucune organisation « \(filter) ».", en: "No organisation “\(filter)”."))
    }
    return filter
  }
}

enum Parse {
  /// An organisation named in a request; an empty name is refused rather than read as none.
  static func organisation(_ text: String?) throws -> Organisation.ID? {
    guard let text else { return nil }
    guard !text.isEmpty else {
      throw InvalidRequest(
        field: "organisation",
        message: .init(fr: "Le nom est vide.", en: "The name is empty."))
    }
    return Organisation.ID(text)
  }

  static func date(_ text: String, field: String) throws -> LocalDate {
    guard let date = LocalDate(text) else {
      throw InvalidRequest(
        field: field,
        message: .init(
          fr: "« \(text) » n'est pas une date AAAA-MM-JJ valide.",
          en: "“\(text)” is not a valid YYYY-MM-DD date."))
    }
    return date
  }

  static func idempotencyKey(_ key: String) throws -> String {
    guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace })
    else {
      throw InvalidRequest(
        field: "Idempotency-Key",
        message: .init(
          fr: "La clé d'idempotence doit compter 1 à 255 caractères ASCII visibles.",
          en: "The idempotency key must be 1 to 255 visible ASCII characters."))
    }
    return key
  }

  /// The request in a canonical form (sorted keys), to tell a retry from another request.
  static func canonical(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func time(_ text: String, field: String) throws -> LocalTime {
    // HH:MM exactly, as the contract's pattern says: "9:30" is refused, not guessed.
    guard text.utf8.count == 5, let time = LocalTime(text), time.minutes < 1440 else {
      throw InvalidRequest(
        field: field,
        message: .init(
          fr: "« \(text) » n'est pas une heure HH:MM valide.",
          en: "“\(text)” is not a valid HH:MM time."))
    }
    return time
  }

  static func groupSize(_ groupSize: Int) throws -> Int {
    guard (1...1000).contains(groupSize) else {
      throw InvalidRequest(
        field: "groupSize",
        message: .init(
          fr: "La taille du groupe doit être comprise entre 1 et 1000.",
          en: "The group size must be between 1 and 1000."))
    }
    return groupSize
  }

  static func profile(groupSize: Int, language: String, wheelchairUsers: Int?) throws
    -> GroupProfile
  {
    _ = try self.groupSize(groupSize)
    guard let code = Language(code: language), code.isKnown else {
      throw InvalidRequest(
        field: "language",
        message: .init(
          fr: "« \(language) » n'est pas un code de langue ISO 639-1 à deux lettres (fr, en, nl…).",
          en: "“\(language)” is not a two-letter ISO 639-1 language code (fr, en, nl…)."))
    }
    let wheelchairs = wheelchairUsers ?? 0
    guard (0...groupSize).contains(wheelchairs) else {
      throw InvalidRequest(
        field: "wheelchairUsers",
        message: .init(
          fr: "Le nombre d'usagers en fauteuil doit être compris entre 0 et la taille du groupe.",
          en: "The number of wheelchair users must be between 0 and the group size."))
    }
    return GroupProfile(
      headcount: groupSize, language: code, needs: .init(wheelchairUsers: wheelchairs))
  }

  static func contact(_ contact: Components.Schemas.Contact) throws -> Contact {
    let name = contact.name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty else {
      throw InvalidRequest(
        field: "contact.name",
        message: .init(fr: "Le nom du contact est vide.", en: "The contact's name is empty."))
    }
    for (field, value, limit) in [
      ("contact.name", contact.name, 200), ("contact.email", contact.email ?? "", 200),
      ("contact.phone", contact.phone ?? "", 50),
    ] {
      try Self.length(value, field: field, atMost: limit)
      guard Contact.isOneLine(value) else {
        throw InvalidRequest(
          field: field,
          message: .init(
            fr: "Ce champ tient sur une ligne, sans caractère de contrôle.",
            en: "This field is one line, without control characters."))
      }
    }
    if let email = contact.email, !email.contains("@") {
      throw InvalidRequest(
        field: "contact.email",
        message: .init(
          fr: "« \(email) » n'est pas une adresse électronique.",
          en: "“\(email)” is not an email address."))
    }
    return Contact(name: name, email: contact.email, phone: contact.phone)
  }
}

extension Parse {
  /// Throws unless `value` has at most `limit` characters, as the contract's `maxLength` says.
  static func length(_ value: String, field: String, atMost limit: Int) throws {
    guard value.count > limit else { return }
    throw InvalidRequest(
      field: field,
      message: .init(
        fr: "\(limit) caractères au plus (\(value.count) reçus).",
        en: "At most \(limit) characters (\(value.count) given)."))
  }
}

extension InvalidRequest {
  static let body = InvalidRequest(
    field: "body",
    message: .init(fr: "Le corps de la requête doit être du JSON.", en: "The body must be JSON."))
}
