import Hummingbird
import Logging
import NIOCore

/// The context of every request: Hummingbird's, plus the peer's address (failed
/// authentications are counted per address).
struct JourneysRequestContext: RequestContext, RemoteAddressRequestContext {
  var coreContext: CoreRequestContextStorage
  let remoteAddress: SocketAddress?

  init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    remoteAddress = source.channel.remoteAddress
  }
}
