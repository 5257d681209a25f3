import Foundation

/// What every booking decision reads besides the ledger: the catalogue, the guides and the
/// organisations, as one consistent read.
///
/// These change rarely (a publication, a guide's new absence) and are read by every request, so
/// a store may serve them from memory as long as it notices any change made by any process.
public struct ReferenceData: Sendable {
  public var catalogue: Catalogue
  public var guides: [Guide]
  public var organisations: [Organisation]

  public init(catalogue: Catalogue, guides: [Guide], organisations: [Organisation]) {
    self.catalogue = catalogue
    self.guides = guides
    self.organisations = organisations
  }
}
