import Foundation

/// A `postgres://user:password@host:port/database` URL, taken apart.
struct DatabaseURL: Equatable, Sendable {
  var host: String
  var port: Int
  var user: String
  var password: String?
  var database: String

  init(host: String, port: Int, user: String, password: String?, database: String) {
    self.host = host
    self.port = port
    self.user = user
    self.password = password
    self.database = database
  }

  /// Parses the URL; nil when it is not a PostgreSQL URL with a user, a host and a database.
  init?(_ text: String) {
    guard let components = URLComponents(string: text),
      ["postgres", "postgresql"].contains(components.scheme ?? ""),
      let host = components.host, !host.isEmpty,
      let user = components.user, !user.isEmpty
    else { return nil }
    let database = String(components.path.drop { $0 == "/" })
    guard !database.isEmpty, !database.contains("/") else { return nil }
    self.init(
      host: host, port: components.port ?? 5432, user: user, password: components.password,
      database: database)
  }

  /// The URL of another database on the same server.
  func with(database: String) -> DatabaseURL {
    var copy = self
    copy.database = database
    return copy
  }

  var description: String {
    "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
  }
}
