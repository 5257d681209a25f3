import Foundation
import Journeys

extension Problem {
  /// What is wrong with a body the JSON decoder refused, naming the field, in the caller's
  /// language; nil when `error` holds no decoding error. The decoder's own text names Swift
  /// types and coding keys, in English only.
  /// `hasBody` tells whether the request could carry a body: the runtime decodes the query and
  /// the body alike, and a GET has only the first. `changesBooking`: the request is a PATCH,
  /// which only a booking takes.
  static func decodingDetail(
    _ error: any Error, hasBody: Bool, changesBooking: Bool = false, language: Language
  ) -> String? {
    guard let decoding = Self.decodingError(in: error, depth: 4) else { return nil }
    func field(_ path: [any CodingKey]) -> String {
      let names = path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
      return names.reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
    }
    let text: LocalizedText
    switch decoding {
    case .keyNotFound(let key, let context):
      let name = field(context.codingPath + [key])
      text = .init(
        fr: "\(name) : champ obligatoire absent.", en: "\(name): this field is required.")
    case .valueNotFound(_, let context) where !context.codingPath.isEmpty:
      let name = field(context.codingPath)
      text = .init(fr: "\(name) : valeur nulle.", en: "\(name): the value is null.")
    case .typeMismatch(let type, let context) where !context.codingPath.isEmpty:
      let name = field(context.codingPath)
      let expected = Self.kind(of: type)
      text = .init(
        fr: "\(name) : \(expected.fr) attendu(e).", en: "\(name): \(expected.en) is expected.")
    case .dataCorrupted(let context)
    where context.debugDescription.hasPrefix("Additional properties are disabled"):
      // The runtime's words for a field the schema does not have (additionalProperties: false).
      let name = field(context.codingPath)
      // Only a change of a booking lacks these: what it is of cannot change, a new booking
      // is what a delegation needs then.
      if changesBooking, ["date", "journey", "startTime", "language"].contains(name) {
        text = .init(
          fr:
            "\(name) : une réservation ne change ni de date, ni de parcours, ni d'heure de départ, ni de langue ; annulez-la et réservez à nouveau (POST /v1/bookings).",
          en:
            "\(name): a booking cannot move to another date, journey, start time or language; cancel it and book again (POST /v1/bookings)."
        )
      } else {
        text = .init(
          fr: "\(name) : ce champ n'existe pas pour cette requête (voir le contrat).",
          en: "\(name): this request has no such field (see the contract).")
      }
    case .dataCorrupted(let context)
    where context.debugDescription.hasPrefix("Cannot initialize ")
      && context.debugDescription.contains(" from invalid String value "):
      // An enumeration's value the contract does not list (lang=de), said by the decoder as
      // "Cannot initialize TYPE from invalid String value VALUE".
      let parts = context.debugDescription.components(separatedBy: " from invalid String value ")
      let value = parts.count == 2 ? parts[1] : "?"
      let name = context.codingPath.isEmpty ? nil : field(context.codingPath)
      if parts[0].hasSuffix("TextLanguage") {
        text = .init(
          fr: "lang : « \(value) » n'est pas une langue des textes ; fr ou en.",
          en: "lang: “\(value)” is not a language of the texts; fr or en.")
      } else {
        let subject = name.map { "\($0) : " } ?? ""
        let subjectEn = name.map { "\($0): " } ?? ""
        text = .init(
          fr: "\(subject)« \(value) » n'est pas une des valeurs que donne le contrat.",
          en: "\(subjectEn)“\(value)” is not one of the values the contract lists.")
      }
    case .dataCorrupted(let context) where !context.codingPath.isEmpty:
      let name = field(context.codingPath)
      text = .init(
        fr: "\(name) : valeur illisible (type ou plage de valeurs incorrects).",
        en: "\(name): the value cannot be read (wrong type or out of range).")
    default:
      text = hasBody ? Self.unreadableBody : Self.unreadableQuery
    }
    return text.text(in: language)
  }

  /// The OpenAPI runtime's own causes (a missing parameter, header or body, a wrong content
  /// type) in the caller's language; nil for any other cause. The runtime says them in
  /// English only, in these words.
  static func runtimeDetail(_ cause: String, language: Language) -> String? {
    func after(_ prefix: String) -> String? {
      cause.hasPrefix(prefix) ? String(cause.dropFirst(prefix.count)) : nil
    }
    let text: LocalizedText
    if let name = after("Missing required query parameter named: ") {
      text = .init(
        fr: "\(name) : paramètre obligatoire absent de l'adresse (après « ? »).",
        en: "\(name): this parameter of the address (after “?”) is required.")
    } else if let name = after("Missing required header field named: ") {
      text = .init(
        fr: "En-tête \(name) obligatoire absent.", en: "The \(name) header is required.")
    } else if cause.hasPrefix("Missing required request body") {
      text = .init(
        fr: "Le corps de la requête (un objet JSON) est obligatoire.",
        en: "The request needs a body (a JSON object).")
    } else if let received = after(
      "Unexpected content type, expected: application/json, received: ")
    {
      text = .init(
        fr: "Le corps doit être envoyé avec Content-Type: application/json (reçu : \(received)).",
        en: "Send the body with Content-Type: application/json (received: \(received)).")
    } else {
      return nil
    }
    return text.text(in: language)
  }

  private static let unreadableQuery = LocalizedText(
    fr:
      "Un paramètre de l'adresse (après « ? ») est illisible ou manque : vérifiez-les d'après le contrat.",
    en:
      "A parameter of the address (after “?”) cannot be read or is missing: check them against the contract."
  )

  // Foundation says "not valid JSON", with no field, also for 1.5 where an integer goes.
  private static let unreadableBody = LocalizedText(
    fr:
      "Le corps n'a pas pu être lu comme l'objet JSON attendu, ou un paramètre de l'adresse (après « ? ») est illisible : vérifiez que le corps est du JSON valide et que chaque champ et paramètre a le type que donne le contrat (un entier n'a pas de décimales).",
    en:
      "The body could not be read as the JSON object expected, or a parameter of the address (after “?”) cannot be read: check that the body is valid JSON and that each field and parameter has the type the contract gives (a whole number has no decimals)."
  )

  /// The decoding error inside `error`, looked for through the runtime's wrappers.
  private static func decodingError(in error: Any, depth: Int) -> DecodingError? {
    if let decoding = error as? DecodingError { return decoding }
    guard depth > 0 else { return nil }
    for child in Mirror(reflecting: error).children {
      if let found = decodingError(in: child.value, depth: depth - 1) { return found }
    }
    return nil
  }

  /// A JSON kind in words, for the Swift type the decoder expected.
  private static func kind(of type: Any.Type) -> LocalizedText {
    let name = String(describing: type)
    if name.hasPrefix("Int") || name.hasPrefix("UInt") {
      return .init(fr: "un nombre entier", en: "a whole number")
    }
    if name == "Double" || name == "Float" { return .init(fr: "un nombre", en: "a number") }
    if name == "String" { return .init(fr: "un texte", en: "text") }
    if name == "Bool" { return .init(fr: "true ou false", en: "true or false") }
    if name.hasPrefix("Array") { return .init(fr: "une liste", en: "a list") }
    return .init(fr: "un objet", en: "an object")
  }
}
