import Foundation
import Testing

@testable import Journeys

@Suite("iCalendar text: escaping and folding")
struct CalendarTextTests {
  @Test func escapesBackslashSemicolonCommaAndLineBreaks() {
    #expect(CalendarText.escaped(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
    #expect(CalendarText.escaped("one\ntwo\r\nthree\rfour") == #"one\ntwo\nthree\nfour"#)
    let french = "Sœurs à Loos : «\u{A0}ici\u{A0}»"
    #expect(CalendarText.escaped(french) == french)
  }

  @Test func escapesACommaThatCarriesACombiningAccent() {
    // One Character, two scalars: the comma must still be escaped.
    #expect(CalendarText.escaped(",\u{301}") == "\\,\u{301}")
  }

  @Test func dropsControlCharactersButKeepsTabs() {
    #expect(CalendarText.escaped("a\u{0}b\u{1B}c\td\u{7F}") == "abc\td")
  }

  static let samples: [String] = [
    String(repeating: "a", count: 300),
    "DESCRIPTION:" + String(repeating: "Visite guidée à la Base 11/19, été ", count: 8),
    "SUMMARY:" + String(repeating: "€", count: 60),
    "SUMMARY:" + String(repeating: "🏳️‍🌈 famille 👨‍👩‍👧‍👦 ", count: 10),
    "LOCATION:" + String(repeating: "ロース＝アン＝ゴエル", count: 12),
    "SUMMARY:e" + String(repeating: "\u{301}", count: 60),
  ]

  /// The physical lines of `text`, as octets: a parser unfolds octets, not Characters (a space
  /// before a combining accent is one Character with it).
  static func physicalLines(_ text: String) -> [[UInt8]] {
    var lines: [[UInt8]] = [[]]
    for byte in text.utf8 {
      if byte == 0x0A, lines[lines.count - 1].last == 0x0D {
        lines[lines.count - 1].removeLast()
        lines.append([])
      } else {
        lines[lines.count - 1].append(byte)
      }
    }
    return lines
  }

  /// `text` unfolded as RFC 5545 says: every CRLF followed by one space removed.
  static func unfolded(_ text: String) -> String {
    let lines = physicalLines(text)
    var bytes = lines[0]
    for line in lines.dropFirst() {
      if line.first == 0x20 {
        bytes += line.dropFirst()
      } else {
        bytes += [0x0D, 0x0A] + line
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test(arguments: samples)
  func foldedLinesStayWithin75OctetsAndUnfoldToTheOriginal(line: String) {
    let folded = CalendarText.folded(line)
    for (index, part) in Self.physicalLines(folded).enumerated() {
      #expect(part.count <= 75)
      if index > 0 { #expect(part.first == 0x20) }
    }
    #expect(Array(Self.unfolded(folded).utf8) == Array(line.utf8))
  }

  @Test func foldingNeverSplitsAMultiByteCharacter() {
    // Every offset of a run of three-octet characters against the 75-octet boundary.
    for prefix in 0..<4 {
      let line = String(repeating: "x", count: prefix) + String(repeating: "€", count: 80)
      for part in Self.physicalLines(CalendarText.folded(line)) {
        // Each physical line alone decodes: no sequence was cut at a fold.
        #expect(String(validating: part, as: UTF8.self) != nil)
      }
    }
  }

  @Test func shortLinesAreLeftAlone() {
    let line = String(repeating: "é", count: 37)  // 74 octets
    #expect(CalendarText.folded(line) == line)
    #expect(CalendarText.folded(line + "a") == line + "a")
    #expect(CalendarText.folded(line + "é") == line + "\r\n é")
  }
}

@Suite("iCalendar times in Europe/Paris")
struct CalendarTimeTests {
  func document(_ start: Date, _ end: Date, _ style: CalendarDocument.TimeStyle) -> String {
    let event = CalendarEvent(
      uid: "t", sequence: 0, start: start, end: end, summary: "t", status: .confirmed,
      stamp: FeedFixtures.now)
    return CalendarDocument(name: "t", events: [event], timeStyle: style).rendered()
  }

  @Test func springForwardDayIsOnSummerTimeAfterThree() {
    let start = paris("2026-03-29", "10:00")
    let end = paris("2026-03-29", "11:30")
    let zoned = document(start, end, .zoned(.paris))
    #expect(zoned.contains("DTSTART;TZID=Europe/Paris:20260329T100000\r\n"))
    #expect(zoned.contains("DTEND;TZID=Europe/Paris:20260329T113000\r\n"))
    let utc = document(start, end, .utc)
    #expect(utc.contains("DTSTART:20260329T080000Z\r\n"))
    #expect(utc.contains("DTEND:20260329T093000Z\r\n"))
    // Before the jump the clocks are still on winter time.
    let early = document(paris("2026-03-29", "01:30"), start, .utc)
    #expect(early.contains("DTSTART:20260329T003000Z\r\n"))
  }

  @Test func fallBackDayIsOnWinterTime() {
    let zoned = document(
      paris("2026-10-25", "10:00"), paris("2026-10-25", "11:00"), .zoned(.paris))
    #expect(zoned.contains("DTSTART;TZID=Europe/Paris:20261025T100000\r\n"))
    let utc = document(paris("2026-10-25", "10:00"), paris("2026-10-25", "11:00"), .utc)
    #expect(utc.contains("DTSTART:20261025T090000Z\r\n"))
    let dayBefore = document(paris("2026-10-24", "10:00"), paris("2026-10-24", "11:00"), .utc)
    #expect(dayBefore.contains("DTSTART:20261024T080000Z\r\n"))
  }

  @Test func theRepeatedHourIsWrittenInUTCWhereLocalTimeWouldBeAmbiguous() throws {
    let both = CivilTime.paris.instants(on: date("2026-10-25"), at: time("02:30"))
    try #require(both.count == 2)
    let text = document(both[0], both[1], .zoned(.paris))
    // RFC 5545 reads 02:30 as the first pass: right for the start, wrong for the end.
    #expect(text.contains("DTSTART;TZID=Europe/Paris:20261025T023000\r\n"))
    #expect(text.contains("DTEND:20261025T013000Z\r\n"))
  }

  @Test func vtimezoneDeclaresTheEURule() {
    let text = document(FeedFixtures.now, FeedFixtures.now + 60, .zoned(.paris))
    let expected = [
      "BEGIN:VTIMEZONE", "TZID:Europe/Paris", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100",
      "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19960331T020000",
      "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT", "BEGIN:STANDARD",
      "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19961027T030000",
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
    ]
    #expect(text.contains(expected.joined(separator: "\r\n") + "\r\n"))
  }

  @Test func theEURuleAgreesWithTheTimeZoneDatabase() {
    let zone = CalendarTimeZone.paris
    let civil = CivilTime.paris
    for year in 2025...2045 {
      for month in [3, 10] {
        let change = CalendarTimeZone.transition(year: year, month: month)
        for seconds in [change - 1, change, change + 1] {
          let instant = Date(timeIntervalSince1970: Double(seconds))
          #expect(zone.offset(at: instant) == civil.offset(at: instant), "\(year)-\(month)")
        }
      }
    }
    var instant = paris("2026-01-01", "00:00")
    while instant < paris("2028-01-01", "00:00") {
      #expect(zone.offset(at: instant) == civil.offset(at: instant))
      instant += 3_600
    }
  }
}

@Suite("Calendar feeds of bookings")
struct CalendarFeedTests {
  let reference = FeedFixtures.reference
  let now = FeedFixtures.now

  func guideEvents(
    _ booking: Booking, sequence: Int = 3, guide: Guide.ID = Basin.camille.id,
    language: Language = .french
  ) -> [CalendarEvent] {
    CalendarFeed.guideEvents(
      for: guide, revisions: [.init(booking, sequence: sequence)], reference: reference,
      language: language, now: now)
  }

  @Test func uidsAreStableAcrossRendersAndChanges() throws {
    let booking = FeedFixtures.booking(state: .held(expiresAt: now + 86_400))
    let before = CalendarFeed.bookingEvents(
      .init(booking, sequence: 1), reference: reference, language: .french, now: now)
    var changed = try booking.confirmed(at: now)
    changed.visits[2].guide = Basin.camille.id
    let after = CalendarFeed.bookingEvents(
      .init(changed, sequence: 2), reference: reference, language: .french, now: now)
    let domain = "@voyages-apprenants.loos-en-gohelle.fr"
    #expect(before.map(\.uid) == ["bk-1-1", "bk-1-2", "bk-1-3"].map { $0 + domain })
    #expect(after.map(\.uid) == before.map(\.uid))
    // The guide's copy of a visit is the same event as the delegation's.
    #expect(guideEvents(changed).map(\.uid) == ["bk-1-1" + domain, "bk-1-3" + domain])
  }

  @Test func sequenceIsTheRevisionPassedIn() {
    let events = guideEvents(FeedFixtures.booking(), sequence: 7)
    #expect(events.map(\.sequence) == [7])
    let text = CalendarDocument(name: "t", events: events).rendered()
    #expect(text.contains("\r\nSEQUENCE:7\r\n"))
  }

  @Test func lastModifiedIsTheLatestRevisionNotTheConfirmation() throws {
    let confirmed = FeedFixtures.booking()
    // A guide moved to the visit after the booking was confirmed.
    var moved = confirmed
    moved.visits[0].guide = Basin.mathieu.id
    let revisedAt = now - 600  // whole seconds
    moved = moved.revised(from: confirmed, at: revisedAt)
    #expect(moved.revision == 1 && moved.revisedAt == revisedAt)
    let events = CalendarFeed.bookingEvents(
      .init(moved, sequence: 1), reference: reference, language: .french, now: now)
    #expect(events.allSatisfy { $0.lastModified == revisedAt })
  }

  static let states: [(Booking.State, CalendarEvent.Status)] = [
    (.confirmed(at: FeedFixtures.created), .confirmed),
    (.held(expiresAt: FeedFixtures.now + 3_600), .tentative),
    (.held(expiresAt: FeedFixtures.now - 3_600), .cancelled),
    (.cancelled(at: FeedFixtures.now), .cancelled),
    (.expired(at: FeedFixtures.now), .cancelled),
  ]

  @Test(arguments: states)
  func statusFollowsTheBookingState(state: Booking.State, status: CalendarEvent.Status) {
    let events = guideEvents(FeedFixtures.booking(state: state))
    #expect(events.map(\.status) == [status])
    let text = CalendarDocument(name: "t", events: events).rendered()
    #expect(text.contains("\r\nSTATUS:\(status.rawValue)\r\n"))
    #expect(text.contains(status == .cancelled ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE"))
  }

  @Test func cancelledVisitsSaySoInTheirSummary() throws {
    let cancelled = try FeedFixtures.booking().cancelled(at: now)
    #expect(guideEvents(cancelled).first?.summary.hasPrefix("Annulé : Base 11/19") == true)
    let english = guideEvents(cancelled, language: .english)
    #expect(english.first?.summary.hasPrefix("Cancelled: Base 11/19") == true)
  }

  @Test func aGuideSeesOnlyTheGuidedVisitsTheyLead() {
    let booking = FeedFixtures.booking()
    let camille = guideEvents(booking)
    let mathieu = guideEvents(booking, guide: Basin.mathieu.id)
    #expect(camille.map(\.start) == [paris("2026-06-10", "09:00")])
    #expect(mathieu.map(\.start) == [paris("2026-06-10", "14:00")])
    #expect(guideEvents(booking, guide: "guide-nobody").isEmpty)
  }

  @Test func aVisitGivenToAnotherGuideStaysInTheFormerGuidesFeedCancelled() throws {
    let booking = FeedFixtures.booking()
    /// The first visit handed from `from` to `to`, as a re-plan writes it.
    func handed(_ booking: Booking, from: Guide.ID, to: Guide.ID) throws -> Booking {
      let change = GuidePlan.Change(
        visit: VisitKey(booking: booking.id, position: 0), site: Basin.baseID,
        start: booking.visits[0].start, from: from, to: to)
      return try #require(BookingService.applying([change], to: [booking]).first)
    }
    let moved = try handed(booking, from: Basin.camille.id, to: Basin.mathieu.id)
    #expect(moved.visits[0].formerGuides == [Basin.camille.id])
    let camille = guideEvents(moved, sequence: 4)
    #expect(camille.map(\.status) == [.cancelled])
    #expect(camille.map(\.sequence) == [4])
    #expect(camille.first?.summary.hasPrefix("Retirée de votre planning : Base 11/19") == true)
    #expect(guideEvents(moved, guide: Basin.mathieu.id).map(\.status) == [.confirmed, .confirmed])
    // Given back, it is hers again, confirmed, and no longer among her former visits.
    let back = try handed(moved, from: Basin.mathieu.id, to: Basin.camille.id)
    #expect(back.visits[0].formerGuides == [Basin.mathieu.id])
    #expect(guideEvents(back).map(\.status) == [.confirmed])
    // A declined visit is struck out the same way.
    var declined = booking
    declined.visits[0].declinedBy = [Basin.camille.id]
    declined.visits[0].guide = nil
    #expect(guideEvents(declined).map(\.status) == [.cancelled])
  }

  @Test func guideEventsTellWhoComesInTheRequestedLanguage() throws {
    let booking = FeedFixtures.booking(language: "en", wheelchairUsers: 2)
    let french = try #require(guideEvents(booking).first)
    let group = FeedFixtures.organisation.name
    #expect(french.summary == "Base 11/19 — \(group) (24 pers.)")
    let details = try #require(french.description)
    #expect(details.contains("Groupe : \(group), 24 personnes, en anglais"))
    #expect(details.contains("Besoins : 2 personnes en fauteuil roulant"))
    #expect(details.contains("Contact : Claire Martin · +33 6 12 34 56 78 · claire@example.org"))
    #expect(details.contains("Activité : Visite de la base"))
    #expect(details.contains("Réservation bk-1 (confirmée)"))
    #expect(french.location == "Base 11/19, Rue de Bourgogne, Loos-en-Gohelle")
    let english = try #require(guideEvents(booking, language: .english).first)
    #expect(english.summary == "Base 11/19 — \(group) (24 people)")
    #expect(english.description?.contains("24 people, in English") == true)
    #expect(english.description?.contains("Needs: 2 wheelchair users") == true)
  }

  @Test func theDelegationsCalendarHasEveryVisitInTheGroupsLanguage() {
    let booking = FeedFixtures.booking(language: "en")
    let document = CalendarFeed.bookingCalendar(
      .init(booking, sequence: 0), reference: reference, now: now)
    #expect(document.name == "Loos, pilot town — Wednesday 10 June 2026")
    #expect(
      document.events.map(\.summary) == [
        "Tour of the base — Base 11/19", "Lunch — Base 11/19",
        "Climb of the slag heaps — Terrils jumeaux",
      ])
    #expect(document.events[0].description?.contains("Guide: Camille Dufour") == true)
    #expect(document.events[0].description?.hasPrefix("A former pithead.") == true)
    #expect(document.events[0].geo == FeedFixtures.base.location)
    let french = CalendarFeed.bookingCalendar(
      .init(booking, sequence: 0), reference: reference, language: .french, now: now)
    #expect(french.name == "Loos, ville pilote — mercredi 10 juin 2026")
  }

  @Test func renderedFeedsEscapeFoldAndEndLinesWithCRLF() {
    let document = CalendarFeed.guideCalendar(
      for: Basin.camille, revisions: [.init(FeedFixtures.booking(wheelchairUsers: 1), sequence: 1)],
      reference: reference, now: now)
    let text = document.rendered()
    #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
    #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    #expect(text.contains("METHOD:PUBLISH\r\n"))
    #expect(text.contains("X-WR-CALNAME:Visites guidées — Camille Dufour\r\n"))
    let lines = CalendarTextTests.physicalLines(text)
    #expect(lines.allSatisfy { !$0.contains(0x0A) && !$0.contains(0x0D) })
    #expect(lines.allSatisfy { $0.count <= 75 })
    let unfolded = CalendarTextTests.unfolded(text)
    #expect(unfolded.contains(#"SUMMARY:Base 11/19 — Ville de Grenoble\, service "Transition\; "#))
    #expect(unfolded.contains(#"\nBesoins : 1 personne en fauteuil roulant\n"#))
    #expect(unfolded.contains("GEO:50.457800;2.792500\r\n"))
  }
}

@Suite("Feeds checked by the icalendar package")
struct CalendarFeedCheckTests {
  /// `scripts/check_ics.py`, found from this file up.
  static func checker() throws -> URL {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while directory.path != "/" {
      let candidate = directory.appendingPathComponent("scripts/check_ics.py")
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
      directory.deleteLastPathComponent()
    }
    throw CheckerMissing()
  }

  struct CheckerMissing: Error {}

  /// Runs `python3 check_ics.py FILE` on `text`; its exit status and what it printed.
  func check(_ text: String) throws -> (status: Int32, output: String) {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("feed-\(UUID().uuidString).ics")
    try Data(text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", try Self.checker().path, file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
  }

  @Test(arguments: [CalendarDocument.TimeStyle.zoned(.paris), .utc])
  func icalendarAcceptsTheFeeds(style: CalendarDocument.TimeStyle) throws {
    let reference = FeedFixtures.reference
    let now = FeedFixtures.now
    let revisions: [CalendarFeed.Revision] = [
      .init(FeedFixtures.booking("bk-1", wheelchairUsers: 2), sequence: 4),
      .init(FeedFixtures.booking("bk-spring", on: "2026-03-29"), sequence: 0),
      .init(FeedFixtures.booking("bk-autumn", on: "2026-10-25"), sequence: 1),
      .init(
        FeedFixtures.booking("bk-held", state: .held(expiresAt: now + 60), on: "2026-07-01"),
        sequence: 2),
      .init(FeedFixtures.booking("bk-off", state: .cancelled(at: now)), sequence: 9),
    ]
    let guide = CalendarFeed.guideCalendar(
      for: Basin.camille, revisions: revisions, reference: reference, now: now,
      timeStyle: style)
    let delegation = CalendarFeed.bookingCalendar(
      revisions[0], reference: reference, now: now, timeStyle: style)
    // The night clocks go back: 02:30 happens twice, the second one is written in UTC.
    let repeated = CivilTime.paris.instants(on: date("2026-10-25"), at: time("02:30"))
    let night = CalendarDocument(
      name: "Changement d'heure",
      events: zip(repeated, ["a", "b"]).map { start, uid in
        CalendarEvent(
          uid: uid, sequence: 0, start: start, end: start + 3_600, summary: uid,
          status: .confirmed, stamp: now)
      }, timeStyle: style)
    for document in [guide, delegation, night] {
      let (status, output) = try check(document.rendered())
      #expect(status == 0, "\(output)")
    }
  }

  @Test func theCheckerRefusesAnEventWithoutDTEND() throws {
    let text = CalendarDocument(
      name: "t",
      events: [
        CalendarEvent(
          uid: "u", sequence: 0, start: FeedFixtures.now, end: FeedFixtures.now + 60,
          summary: "s", status: .confirmed, stamp: FeedFixtures.now)
      ]
    ).rendered()
    let broken = text.split(separator: "\r\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("DTEND") }.joined(separator: "\r\n")
    let (status, output) = try check(broken)
    #expect(status == 1)
    #expect(output.contains("missing DTEND"))
  }
}
