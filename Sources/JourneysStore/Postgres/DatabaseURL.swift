import Foundation

/// A `postgres://user:password@host:port/database[?connections=N]` URL, taken apart.
struct DatabaseURL: Equatable, Sendable {
  var host: String
  var port: Int
  var user: String
  var password: String?
  var database: String
  /// The most connections this process opens to the database.
  var connections: Int

  /// What a process opens when the URL does not say: several API processes share one
  /// PostgreSQL, whose throughput falls when it runs many more busy connections than it has
  /// cores (on 2 cores, 32 clients: 4 to 8 connections booked about 3 % more than 16, and
  /// 32 about 3 % less).
  static let defaultConnections = 8
  /// The connections a URL may ask for.
  static let connectionRange = 1...100
  static let form = "postgres://user[:password]@host[:port]/database[?connections=1…100]"

  init(
    host: String, port: Int, user: String, password: String?, database: String,
    connections: Int = defaultConnections
  ) {
    self.host = host
    self.port = port
    self.user = user
    self.password = password
    self.database = database
    self.connections = connections
  }

  /// Parses the URL; nil when it is not a PostgreSQL URL with a user, a host and a database,
  /// or it has a query other than one `connections` within `connectionRange` (a parameter
  /// this service does not honour, `sslmode` say, is refused rather than ignored).
  init?(_ text: String) {
    guard let components = URLComponents(string: text),
      ["postgres", "postgresql"].contains(components.scheme ?? ""),
      let host = components.host, !host.isEmpty,
      let user = components.user, !user.isEmpty
    else { return nil }
    let database = String(components.path.drop { $0 == "/" })
    guard !database.isEmpty, !database.contains("/") else { return nil }
    let items = components.queryItems ?? []
    guard items.count <= 1 else { return nil }
    var connections = Self.defaultConnections
    if let item = items.first {
      guard item.name == "connections", let value = item.value.flatMap({ Int($0) }),
        Self.connectionRange.contains(value)
      else { return nil }
      connections = value
    }
    self.init(
      host: host, port: components.port ?? 5432, user: user, password: components.password,
      database: database, connections: connections)
  }

  /// The URL of another database on the same server.
  func with(database: String) -> DatabaseURL {
    var copy = self
    copy.database = database
    return copy
  }

  var description: String {
    "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
      + (connections == Self.defaultConnections ? "" : "?connections=\(connections)")
  }
}
