import Foundation
import Journeys
import OpenAPIRuntime

extension JourneysAPI {
  func getMetrics(_ input: Operations.GetMetrics.Input) async throws
    -> Operations.GetMetrics.Output
  {
    .ok(.init(body: .plainText(HTTPBody(try await metrics.exposition(store: store)))))
  }

  func listWebhookDeliveries(_ input: Operations.ListWebhookDeliveries.Input) async throws
    -> Operations.ListWebhookDeliveries.Output
  {
    let principal = try Caller.required()
    // The same rule as for listing bookings: an organisation its own, an admin any.
    let organisation = try await organisationFilter(input.query.organisation, for: principal)
    // The newest thousand, paged: the log is for looking at what happened lately.
    let (deliveries, next) = try Paging.page(
      try await store.webhookDeliveries(organisation: organisation, limit: 1_000),
      key: \.id.rawValue, limit: input.query.limit, cursor: input.query.cursor)
    let civil = service.civil
    return .ok(
      .init(
        body: .json(
          .init(
            deliveries: deliveries.map { delivery in
              .init(
                id: delivery.id.rawValue, organisation: delivery.organisation.rawValue,
                event: delivery.event, state: .init(rawValue: delivery.state.rawValue)!,
                attempts: delivery.attempts, lastStatus: delivery.lastStatus,
                // Why a call failed can describe our network (connection refused, a name
                // that does not resolve): only admins see it.
                lastError: principal.role == .admin
                  ? delivery.lastError : delivery.lastError.map(WebhookDispatch.shown),
                nextAttemptAt: delivery.nextAttemptAt.map(civil.iso8601),
                deliveredAt: delivery.deliveredAt.map(civil.iso8601),
                createdAt: civil.iso8601(delivery.createdAt), payload: delivery.payload)
            }, nextCursor: next))))
  }
}
