import Foundation
import Journeys
import Yams

/// The demo organisations and guides of `config/demo.yaml`, loaded into an empty store so that
/// a newcomer can book right away.
public struct DemoData: Sendable {
  public var organisations: [Organisation]
  public var guides: [Guide]

  /// Reads `path`, checking guides' sites against `sites`.
  public static func read(path: String, sites: Set<Site.ID>) throws(CatalogueErrors) -> DemoData {
    let f = YAMLFields(file: path)
    var data = DemoData(organisations: [], guides: [])
    if let text = CatalogueReader.read(URL(fileURLWithPath: path), f), let node = f.document(text),
      let map = f.mapping(node, "the demo data", allowed: ["organisations", "guides"])
    {
      let organisationNodes = f.list(f.required(map, "organisations", in: node), "organisations")
      data.organisations = (organisationNodes ?? []).compactMap { organisation($0, f) }
      let guideNodes = f.list(f.required(map, "guides", in: node), "guides")
      data.guides = (guideNodes ?? []).compactMap { guide($0, sites: sites, f) }
    }
    guard f.issues.isEmpty else { throw CatalogueErrors(issues: f.issues) }
    return data
  }

  static func organisation(_ node: Node, _ f: YAMLFields) -> Organisation? {
    guard let map = f.mapping(node, "an organisation", allowed: ["id", "name", "contact"]),
      let id = f.string(f.required(map, "id", in: node), "the id"),
      let name = f.string(f.required(map, "name", in: node), "the name")
    else { return nil }
    var contact: Contact?
    if let contactNode = f.optional(map, "contact"),
      let c = f.mapping(contactNode, "a contact", allowed: ["name", "email", "phone"]),
      let person = f.string(f.required(c, "name", in: contactNode), "the contact's name")
    {
      contact = Contact(
        name: person, email: f.string(f.optional(c, "email"), "the email"),
        phone: f.string(f.optional(c, "phone"), "the phone"))
    }
    return Organisation(id: .init(id), name: name, contact: contact)
  }

  static func guide(_ node: Node, sites: Set<Site.ID>, _ f: YAMLFields) -> Guide? {
    let allowed: Set<String> = [
      "id", "name", "languages", "certified_sites", "certified_themes", "home",
      "max_hours_per_day", "max_hours_per_week",
    ]
    guard let map = f.mapping(node, "a guide", allowed: allowed) else { return nil }
    let id = f.string(f.required(map, "id", in: node), "the id")
    let name = f.string(f.required(map, "name", in: node), "the name")
    let languages = f.languages(f.required(map, "languages", in: node))
    let certified = (f.list(f.optional(map, "certified_sites"), "certified sites") ?? []).compactMap
    {
      item -> Site.ID? in
      guard let text = f.string(item, "a site id") else { return nil }
      if !sites.contains(Site.ID(text)) { f.report(item, "unknown site “\(text)”") }
      return Site.ID(text)
    }
    let themes = f.themes(f.optional(map, "certified_themes")) ?? []
    let home = f.string(f.optional(map, "home"), "the home site").map { Site.ID($0) }
    if let home, !sites.contains(home) { f.report(map["home"], "unknown site “\(home)”") }
    let perDay = f.int(f.optional(map, "max_hours_per_day"), "max_hours_per_day", in: 1...14)
    let perWeek = f.int(f.optional(map, "max_hours_per_week"), "max_hours_per_week", in: 1...60)
    guard let id, let name, let languages else { return nil }
    return Guide(
      id: .init(id), name: name, languages: languages, certifiedSites: certified,
      certifiedThemes: themes, home: home, maxHoursPerDay: perDay ?? 8,
      maxHoursPerWeek: perWeek ?? 35)
  }
}
