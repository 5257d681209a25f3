import ArgumentParser
import Foundation
import Journeys
import JourneysStore

struct CatalogueCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalogue", abstract: "Check and publish the catalogue files.",
    subcommands: [Validate.self, Publish.self])

  struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the catalogue files; print every error with its file, line and column.")

    @Argument(help: "The catalogue directory.") var directory: String = "itineraries"
    @Option(help: "The travel file whose sites must be in the catalogue.")
    var travel: String = "config/travel.yaml"

    func run() async throws {
      let catalogue = try CatalogueCommand.read(directory)
      // As publishing checks it: the service reads it against the published sites.
      do {
        _ = try TravelFile.read(path: travel, sites: Set(catalogue.sites.map(\.id)))
      } catch {
        throw AdminError(error.description)
      }
      print(
        "\(directory): valid — \(catalogue.sites.count) sites, \(catalogue.journeys.count) journeys"
      )
    }
  }

  struct Publish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate and publish the catalogue; nothing is published if anything is wrong.",
      discussion: """
        Prints what changes (journey versions, sites added, removed or changed) and the coming
        bookings the new catalogue contradicts. --dry-run prints the same and publishes nothing.
        A catalogue that would withdraw every journey on offer is refused without --force.
        """)

    @Argument(help: "The catalogue directory.") var directory: String = "itineraries"
    @Flag(help: "Say what publishing would change, and publish nothing.") var dryRun = false
    @Flag(help: "Publish even a catalogue that withdraws every journey.") var force = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let catalogue = try CatalogueCommand.read(directory)
      let sites = Set(catalogue.sites.map(\.id))
      // The service reads the travel file against the published sites when it starts: a site
      // removed here but still in the file would keep it from starting again.
      let travelPath = try await store.settings().travelPath
      let travel: TravelTimes
      do {
        travel = try TravelFile.read(path: travelPath, sites: sites)
      } catch {
        throw AdminError(
          "\(error.description)\nnothing was published: \(travelPath) names sites this catalogue "
            + "does not have; remove those times from it first")
      }
      // Not `withService`: it checks the travel file against the catalogue being replaced,
      // and publishing reads no travel times. A dry run creates no database.
      let (plan, findings, guides) = try await store.withStore(mustExist: dryRun) { store in
        let published: (plan: PublicationPlan, contradicted: [CatalogueImpact.Finding])
        do {
          published = try await BookingService(store: store).publish(
            catalogue, dryRun: dryRun, force: force)
        } catch let error as PublicationError {
          // Named by file, as every other catalogue error is: a journey's file is its id.
          throw AdminError(
            error.conflicts.map { conflict in
              "\(directory)/journeys/\(conflict.journey).yaml: "
                + PublicationError.describe(conflict)
            }.joined(separator: "\n") + "\nnothing was published")
        } catch let error as EmptyingPublication {
          throw AdminError(
            "nothing was published: \(error) (a folder missing?); --dry-run shows what it "
              + "changes, --force publishes it")
        }
        return (published.plan, published.contradicted, try await store.guides())
      }
      let verb = dryRun ? "would publish" : "published"
      print("\(verb) \(catalogue.sites.count) sites and \(catalogue.journeys.count) journeys")
      for (guide, gone) in CatalogueImpact.guidesNamingRemovedSites(guides, catalogue: catalogue) {
        print(
          "warning: guide \(guide) names sites no longer in the catalogue: "
            + "\(gone.map(\.rawValue).joined(separator: ", ")) (guides add to update)")
      }
      func line(_ label: String, _ text: String) {
        print("  " + label.padding(toLength: 14, withPad: " ", startingAt: 0) + text)
      }
      for journey in plan.newVersions { line("new", "\(journey.id) v\(journey.version)") }
      for id in plan.unchanged {
        let version = catalogue.journey(id)?.version ?? 0
        if let later = plan.rolledBack[id] {
          line("back to", "\(id) v\(version) (v\(later) was on offer)")
        } else if plan.reinstated.contains(id) {
          line("offered again", "\(id) v\(version)")
        } else {
          line("same", "\(id)")
        }
      }
      for id in plan.withdrawn { line("withdrawn", "\(id)") }
      for id in plan.sites.added { line("new site", "\(id)") }
      for change in plan.sites.changed {
        line("changed site", "\(change.site): \(change.aspects.joined(separator: ", "))")
      }
      for id in plan.sites.removed { line("removed site", "\(id)") }
      let horizon = 120
      // A new store has no guides yet: every guided journey would be said unbookable.
      let checked =
        guides.isEmpty
        ? []
        : CatalogueImpact.unbookable(
          catalogue, guides: guides, travel: travel, civil: .paris, now: Date(), days: horizon)
      if guides.isEmpty {
        print("no guides on record yet: whether each journey can be booked was not checked")
      }
      for never in checked {
        print(
          "warning: \(never.journey) cannot be booked on any of the next \(horizon) days; "
            + "most days: \(never.reason.en)")
      }
      if dryRun {
        print("nothing was published (--dry-run)")
        if plan.withdrawsEverything {
          print("warning: it would withdraw every journey on offer; publishing it needs --force")
        }
      }
      guard !findings.isEmpty else { return }
      let tense = dryRun ? "would contradict" : "contradict the catalogue just published"
      print("warning: \(findings.count) coming booking(s) \(tense);")
      print("they are unchanged — follow them up (bookings show ID, bookings cancel ID):")
      for finding in findings {
        // Each reason is a sentence; joined, they are one.
        let reasons = finding.reasons.map {
          $0.en.hasSuffix(".") ? String($0.en.dropLast()) : $0.en
        }
        .joined(separator: "; ")
        print(
          "  \(finding.booking.id)  \(finding.booking.date)  \(finding.booking.state.name): \(reasons)"
        )
      }
    }
  }

  static func read(_ directory: String) throws -> Catalogue {
    do {
      return try CatalogueReader.read(directory: directory)
    } catch {
      throw AdminError(error.description)
    }
  }
}
