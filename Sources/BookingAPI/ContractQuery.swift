import Foundation
import Journeys
import Yams

/// The query parameters of each operation, read once from the contract (`openapi.yaml`): the
/// runtime's errors for an unreadable or missing parameter of the address name neither the
/// parameter nor what is wrong with it, and the request and the operation are all it gives.
enum ContractQuery {
  struct Parameter: Equatable {
    let name: String
    let required: Bool
    /// The schema's `type` (integer, string, …); nil for a reference to a named schema.
    let type: String?
  }

  /// Query parameters by operation id.
  static let byOperation: [String: [Parameter]] = {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
      let text = try? String(contentsOf: url, encoding: .utf8)
    else { return [:] }
    return parameters(inContract: text)
  }()

  /// The query parameters of every operation of the contract `text`.
  static func parameters(inContract text: String) -> [String: [Parameter]] {
    guard let document = (try? Yams.load(yaml: text)) as? [String: Any] else { return [:] }
    let shared =
      (document["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
    func resolve(_ item: Any) -> [String: Any]? {
      guard let map = item as? [String: Any] else { return nil }
      guard let reference = map["$ref"] as? String else { return map }
      return shared[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
    }
    var found: [String: [Parameter]] = [:]
    for case let path as [String: Any] in (document["paths"] as? [String: Any] ?? [:]).values {
      let common = path["parameters"] as? [Any] ?? []
      for case let operation as [String: Any] in path.values {
        guard let id = operation["operationId"] as? String else { continue }
        found[id] = (common + (operation["parameters"] as? [Any] ?? [])).compactMap(resolve)
          .filter { $0["in"] as? String == "query" }
          .compactMap { map in
            (map["name"] as? String).map { name in
              Parameter(
                name: name, required: map["required"] as? Bool ?? false,
                type: (map["schema"] as? [String: Any])?["type"] as? String)
            }
          }
      }
    }
    return found
  }

  /// What is wrong with the address of a request to `operation` whose query is `query`: the
  /// first required parameter missing, else the first whole-number parameter that is not one;
  /// nil when neither (the runtime refused it for another reason).
  static func mistake(operation: String, query: String?, in language: Language) -> String? {
    let items = URLComponents(string: "?" + (query ?? ""))?.queryItems ?? []
    let given = Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
    let parameters = byOperation[operation] ?? []
    if let missing = parameters.first(where: { $0.required && given[$0.name] == nil }) {
      return LocalizedText(
        fr: "\(missing.name) : paramètre obligatoire absent de l'adresse (après « ? »).",
        en: "\(missing.name): this parameter of the address (after “?”) is required."
      ).text(in: language)
    }
    if let bad = parameters.first(where: { parameter in
      parameter.type == "integer" && given[parameter.name].map { Int($0) == nil } == true
    }) {
      let value = given[bad.name] ?? ""
      return LocalizedText(
        fr: "\(bad.name) : « \(value) » n'est pas un nombre entier.",
        en: "\(bad.name): “\(value)” is not a whole number."
      ).text(in: language)
    }
    return nil
  }
}
