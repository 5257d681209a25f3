import Foundation

extension BookingService {
  /// Assembles a custom programme for a group against the current bookings, and saves each
  /// day's journey so that the group can hold it like any catalogue journey.
  public func assemble(_ request: AssemblyRequest, options: AssemblyOptions = .init())
    async throws -> AssembledProgramme
  {
    let reference = try await store.referenceData()
    let now = clock.now()
    // Before any date arithmetic: `days` comes from the request.
    try JourneyAssembler.validate(
      request, catalogue: reference.catalogue,
      in: BookingContext(sites: [], guides: [], ledger: Ledger(entries: []), civil: civil, now: now)
    )
    let last = request.firstDate.adding(days: max(0, request.days - 1))
    let ledger = try await store.ledger(Self.weeks(around: request.firstDate...last), at: now)
    let context = BookingContext(
      sites: reference.sites, guides: reference.guides, ledger: ledger, travel: travel,
      civil: civil, now: now)
    let programme = try await offThePool {
      try JourneyAssembler.assemble(
        request, catalogue: reference.catalogue, in: context, options: options)
    }
    for day in programme.days { try await store.saveCustomJourney(day.journey, at: now) }
    return programme
  }
}
