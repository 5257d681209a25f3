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
    let organisation: Organisation.ID?
    switch principal {
    case .admin: organisation = input.query.organisation.map { Organisation.ID($0) }
    case .organisation(let own):
      guard input.query.organisation == nil || input.query.organisation == own.rawValue else {
        throw AccessError.forbidden
      }
      organisation = own
    case .guide: throw AccessError.forbidden
    }
    let deliveries = try await store.webhookDeliveries(
      organisation: organisation, limit: input.query.limit ?? Paging.defaultLimit)
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
                lastError: delivery.lastError,
                nextAttemptAt: delivery.nextAttemptAt.map(civil.iso8601),
                deliveredAt: delivery.deliveredAt.map(civil.iso8601),
                createdAt: civil.iso8601(delivery.createdAt), payload: delivery.payload)
            }))))
  }
}
