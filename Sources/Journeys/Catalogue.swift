/// The sites and the journeys on offer.
public struct Catalogue: Hashable, Sendable {
  public var sites: [Site]
  public var journeys: [Journey]

  public init(sites: [Site] = [], journeys: [Journey] = []) {
    self.sites = sites.sorted { $0.id < $1.id }
    self.journeys = journeys.sorted { $0.id < $1.id }
  }

  public func site(_ id: Site.ID) -> Site? { sites.first { $0.id == id } }
  public func journey(_ id: Journey.ID) -> Journey? { journeys.first { $0.id == id } }

  /// Whether a booking of journey `id` is still on offer: a journey of the catalogue, or one
  /// assembled for its group (which the catalogue never lists).
  public func offers(_ id: Journey.ID) -> Bool { id.isCustom || journey(id) != nil }
}

/// What publishing a catalogue changes, decided before anything is written.
public struct PublicationPlan: Hashable, Sendable {
  /// Journey versions not published before.
  public var newVersions: [Journey]
  /// Journey versions already published, identical.
  public var unchanged: [Journey.ID]
  /// Of those, the ones taken back to an earlier version (a rollback), with the later version
  /// they replace on offer; a journey already back on that version is simply unchanged.
  public var rolledBack: [Journey.ID: Int] = [:]
  /// Journeys published before and absent from this catalogue: no longer offered (their
  /// versions stay, for the bookings made on them).
  public var withdrawn: [Journey.ID]
  /// Of the unchanged, journeys withdrawn earlier and offered again.
  public var reinstated: [Journey.ID] = []
  /// How the sites differ from those published before.
  public var sites = SiteChanges(before: [], after: [])

  /// Whether the catalogue withdraws every journey on offer and offers none: a folder left
  /// out of a copy, more often than a decision.
  public var withdrawsEverything: Bool {
    newVersions.isEmpty && unchanged.isEmpty && !withdrawn.isEmpty
  }

  /// Checks `incoming` against every journey version already published; `offered` is the
  /// version of each journey on offer now, `sites` the sites published now.
  ///
  /// Published versions are immutable: a changed journey must carry a higher version number.
  public static func make(
    published: [Journey], offered: [Journey.ID: Int], sites: [Site] = [], incoming: Catalogue
  ) throws(PublicationError) -> PublicationPlan {
    var plan = PublicationPlan(newVersions: [], unchanged: [], withdrawn: [])
    plan.sites = SiteChanges(before: sites, after: incoming.sites)
    var conflicts: [PublicationError.Conflict] = []
    for journey in incoming.journeys {
      let versions = published.filter { $0.id == journey.id }
      if let same = versions.first(where: { $0.version == journey.version }) {
        if same == journey {
          plan.unchanged.append(journey.id)
          if offered[journey.id] == nil { plan.reinstated.append(journey.id) }
          if let current = offered[journey.id], current > journey.version {
            plan.rolledBack[journey.id] = current
          }
        } else {
          conflicts.append(.init(journey: journey.id, version: journey.version, kind: .changed))
        }
      } else if let latest = versions.map(\.version).max(), latest > journey.version {
        conflicts.append(.init(journey: journey.id, version: journey.version, kind: .older(latest)))
      } else {
        plan.newVersions.append(journey)
      }
    }
    guard conflicts.isEmpty else { throw PublicationError(conflicts: conflicts) }
    let incomingIDs = Set(incoming.journeys.map(\.id))
    plan.withdrawn = Set(offered.keys).subtracting(incomingIDs).sorted()
    return plan
  }
}

/// Why a catalogue that would withdraw every journey on offer was not published without being
/// told to (`BookingService.publish(_:dryRun:force:)`).
public struct EmptyingPublication: Error, Hashable, Sendable, CustomStringConvertible {
  /// The journeys it would withdraw.
  public var withdrawn: [Journey.ID]

  public var description: String {
    "this catalogue would withdraw every journey on offer (\(withdrawn.map(\.rawValue).joined(separator: ", "))) and offer none"
  }
}

/// Why a catalogue cannot be published.
public struct PublicationError: Error, Hashable, Sendable, CustomStringConvertible {
  public struct Conflict: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
      /// The same id and version was published with other content.
      case changed
      /// A later version is already published.
      case older(Int)
    }
    public var journey: Journey.ID
    public var version: Int
    public var kind: Kind
  }

  public var conflicts: [Conflict]

  public var description: String { conflicts.map(Self.describe).joined(separator: "\n") }

  /// One conflict in words, naming the journey and its version.
  public static func describe(_ conflict: Conflict) -> String {
    switch conflict.kind {
    case .changed:
      "journey \(conflict.journey) version \(conflict.version) is already published with other content; published versions are immutable, give the change a new version number"
    case .older(let latest):
      "journey \(conflict.journey) version \(conflict.version) is older than the published version \(latest)"
    }
  }
}

/// How a catalogue's sites differ from those published before, for the admin who publishes it.
public struct SiteChanges: Hashable, Sendable {
  /// Sites not published before.
  public var added: [Site.ID] = []
  /// Sites published before and absent now.
  public var removed: [Site.ID] = []
  /// A site in both catalogues that differs, with what differs, in the site files' words.
  public struct Change: Hashable, Sendable {
    public var site: Site.ID
    public var aspects: [String]

    public init(site: Site.ID, aspects: [String]) {
      self.site = site
      self.aspects = aspects
    }
  }

  /// Sites in both that differ.
  public var changed: [Change] = []

  /// Whether nothing differs.
  public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

  /// The differences between `before` and `after`, each list by id.
  public init(before: [Site], after: [Site]) {
    let old = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let new = Dictionary(after.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    added = new.keys.filter { old[$0] == nil }.sorted()
    removed = old.keys.filter { new[$0] == nil }.sorted()
    for id in new.keys.sorted() {
      guard let was = old[id], let now = new[id], was != now else { continue }
      let aspects = Self.aspects.filter { !$0.same(was, now) }.map(\.name)
      changed.append(Change(site: id, aspects: aspects.isEmpty ? ["other fields"] : aspects))
    }
  }

  /// What a reviewer looks at first, named as in the site files.
  private static let aspects: [(name: String, same: @Sendable (Site, Site) -> Bool)] = [
    ("name", { $0.name == $1.name }),
    ("opening", { $0.openingHours == $1.openingHours }),
    ("capacity", { $0.capacity == $1.capacity }),
    ("visit_minutes", { $0.visitMinutes == $1.visitMinutes }),
    ("guided", { $0.guided == $1.guided }),
    ("languages", { $0.languages == $1.languages }),
    ("themes", { $0.themes == $1.themes }),
    ("accessibility", { $0.accessibility == $1.accessibility }),
    ("booking_window", { $0.bookingWindow == $1.bookingWindow }),
    ("location", { $0.location == $1.location && $0.address == $1.address }),
    ("priority", { $0.priority == $1.priority }),
  ]
}
