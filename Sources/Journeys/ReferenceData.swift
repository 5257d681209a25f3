import Foundation

/// What every booking decision reads besides the ledger: the catalogue, the guides and the
/// organisations, as one consistent read.
///
/// These change rarely (a publication, a guide's new absence) and are read by every request, so
/// a store may serve them from memory as long as it notices any change made by any process.
public struct ReferenceData: Sendable {
  public var catalogue: Catalogue {
    didSet { sites = BookingContext.index(catalogue.sites) }
  }
  public var guides: [Guide]
  public var organisations: [Organisation]
  /// The catalogue's sites by id: built with the reference data, which a store keeps across
  /// requests, rather than at every decision (a site is dozens of retains to copy).
  public private(set) var sites: [Site.ID: Site]

  public init(catalogue: Catalogue, guides: [Guide], organisations: [Organisation]) {
    self.catalogue = catalogue
    self.guides = guides
    self.organisations = organisations
    sites = BookingContext.index(catalogue.sites)
  }
}
