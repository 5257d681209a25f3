import ArgumentParser
import Foundation
import Journeys
import Synchronization

struct AssembleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assemble",
    abstract: "Assemble a custom journey over several days from a group's themes.",
    discussion: """
      Chooses and orders sites day by day for the group's themes (--theme energy=3), within \
      every rule, and saves each day as a custom journey that can be held like any other \
      (journeys-admin availability, POST /v1/bookings). Shows the search's progress.
      """)

  @Option(help: "First day of the stay (YYYY-MM-DD).") var from: String
  @Option(parsing: .unconditional, help: "Number of days.") var days: Int = 1
  @Option(parsing: .unconditional, help: "Number of people.") var size: Int
  @Option(help: "The group's language (fr, en…).") var language: String = "fr"
  @Option(parsing: .unconditional, help: "Wheelchair users in the group.") var wheelchairUsers:
    Int = 0
  @Option(help: "A theme and its weight, such as energy=3 (repeat for several).")
  var theme: [String] = []
  @Option(help: "A site the programme must hold (repeat for several).") var include: [String] = []
  @Option(help: "A site to leave out (repeat for several).") var exclude: [String] = []
  @Option(help: "When the group is at Lens station each morning (HH:MM).") var startTime = "09:30"
  @Option(help: "When the group is back at the latest (HH:MM).") var endTime = "18:00"
  @Flag(help: "Days without a lunch stop.") var noLunch = false
  @Option(parsing: .unconditional, help: "Seconds of search.") var seconds: Double = 2
  @Option(help: "Seed of the search.") var seed: UInt64 = 1
  @Option(help: "Stop after this many iterations: the same seed then gives the same programme.")
  var iterations: Int?
  @Flag(help: "Print the messages in English.") var english = false
  @OptionGroup var store: StoreOptions

  func validate() throws {
    _ = try DateOptions.date(from, "--from")
    guard Language(code: language) != nil else {
      throw ValidationError("--language must be a two-letter code such as fr or en")
    }
    guard size >= 1, (0...size).contains(wheelchairUsers) else {
      throw ValidationError(
        size < 1
          ? "--size must be at least 1"
          : "--wheelchair-users must be from 0 to --size (\(size)), found \(wheelchairUsers)")
    }
    guard LocalTime(startTime) != nil, LocalTime(endTime) != nil else {
      throw ValidationError("--start-time and --end-time must be HH:MM")
    }
    guard (1...AssemblyRequest.maximumDays).contains(days) else {
      throw ValidationError("--days must be 1 to \(AssemblyRequest.maximumDays)")
    }
    guard seconds > 0, seconds <= 60 else {
      throw ValidationError("--seconds must be more than 0 and at most 60")
    }
    _ = try themes()
  }

  func themes() throws -> [Theme: Double] {
    var weights: [Theme: Double] = [:]
    for item in theme {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard let name = parts.first, let theme = Theme(rawValue: name) else {
        let known = Theme.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError("--theme \(item): the themes are \(known)")
      }
      let weight = parts.count == 2 ? Double(parts[1]) : 1
      guard let weight, weight >= 0 else {
        throw ValidationError("--theme \(item): the weight must be a number ≥ 0")
      }
      weights[theme] = weight
    }
    return weights
  }

  func run() async throws {
    let request = AssemblyRequest(
      firstDate: LocalDate(from)!, days: days,
      group: GroupProfile(
        headcount: size, language: Language(code: language)!,
        needs: .init(wheelchairUsers: wheelchairUsers)),
      themes: try themes(), include: include.map { Site.ID($0) },
      exclude: exclude.map { Site.ID($0) }, startTime: LocalTime(startTime)!,
      endTime: LocalTime(endTime)!, lunch: !noLunch)
    let progress = ProgressLine()
    let options = AssemblyOptions(seed: seed, seconds: seconds, iterations: iterations) {
      score, elapsed in
      progress.show(String(format: "searching… best score %.1f after %.2f s", score, elapsed))
    }
    let (programme, sites) = try await store.withService { service in
      let programme = try await service.assemble(request, options: options)
      return (programme, try await service.store.catalogue().sites)
    }
    progress.finish()
    let names = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.name) })
    let shown: Language = english ? .english : .french
    print(
      String(
        format: "score %.1f over %d day(s), %d iterations in %.2f s", programme.score,
        programme.days.count, programme.iterations, programme.seconds))
    for day in programme.days {
      print(
        "\(day.date) \(day.date.weekday.rawValue)  journey \(day.journey.id)  score "
          + String(format: "%.1f", day.score))
      print(AvailabilityCommand.lines(day.programme, names: names))
    }
    for date in programme.unplanned { print("\(date) \(date.weekday.rawValue)  nothing possible") }
    for note in programme.notes { print("note: \(note.message.text(in: shown))") }
    if !programme.leftOut.isEmpty { print("left out:") }
    for left in programme.leftOut {
      for reason in left.reasons {
        print("    \(names[left.site] ?? left.site.rawValue): \(reason.message.text(in: shown))")
      }
    }
  }
}

/// One line of progress on standard error, rewritten in place on a terminal.
final class ProgressLine: Sendable {
  private let interactive = isatty(STDERR_FILENO) == 1
  private let last = Mutex<ContinuousClock.Instant?>(nil)

  func show(_ text: String) {
    // At most ten updates a second: the search may improve thousands of times.
    let now = ContinuousClock.now
    let due = last.withLock { last in
      guard last.map({ now - $0 > .milliseconds(100) }) ?? true else { return false }
      last = now
      return true
    }
    guard due else { return }
    FileHandle.standardError.write(
      Data(((interactive ? "\r" : "") + text + (interactive ? "" : "\n")).utf8))
  }

  func finish() {
    if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
