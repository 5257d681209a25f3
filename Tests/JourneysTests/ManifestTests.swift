import Foundation
import Journeys
import Testing

@Suite("CSV (RFC 4180)")
struct CSVTests {
  @Test func quotesFieldsWithCommaQuoteCROrLFAndDoublesQuotes() {
    #expect(CSV.field("Loos-en-Gohelle") == "Loos-en-Gohelle")
    #expect(CSV.field("") == "")
    #expect(CSV.field("Lens, Liévin") == "\"Lens, Liévin\"")
    #expect(CSV.field("dit \"la base\"") == "\"dit \"\"la base\"\"\"")
    #expect(CSV.field("deux\r\nlignes") == "\"deux\r\nlignes\"")
    #expect(CSV.field("cr\rseul") == "\"cr\rseul\"")
    #expect(CSV.field("lf\nseul") == "\"lf\nseul\"")
  }

  @Test func endsEveryRecordWithCRLF() {
    #expect(CSV.document([["a", "b"], ["c", "d,e"]]) == "a,b\r\nc,\"d,e\"\r\n")
  }

  @Test func everyFieldReadsBackAsWritten() {
    // Every string of up to three characters from those that matter, four to a record.
    let alphabet: [String] = ["a", ",", "\"", "\r", "\n", "\r\n", " ", "é", ";"]
    var fields = [""]
    for _ in 0..<3 { fields += fields.flatMap { prefix in alphabet.map { prefix + $0 } } }
    let unique = Array(Set(fields)).sorted()
    let records = stride(from: 0, to: unique.count, by: 4).map {
      Array(unique[$0..<min($0 + 4, unique.count)])
    }
    #expect(Self.parse(CSV.document(records)) == records)
  }

  @Test func formulasAreMadeInertButPhoneNumbersAreKept() {
    #expect(CSV.inertToFormulas("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
    #expect(CSV.inertToFormulas("@SUM(A1)") == "'@SUM(A1)")
    #expect(CSV.inertToFormulas("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0")
    #expect(CSV.inertToFormulas("+33 6 12 34 56 78") == "+33 6 12 34 56 78")
    #expect(CSV.inertToFormulas("Claire = Martin") == "Claire = Martin")
  }

  /// A strict RFC 4180 reader, to check the writer against.
  static func parse(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
      if quoted {
        if scalar == "\"" {
          if scalars.first == "\"" {
            scalars.removeFirst()
            field.unicodeScalars.append("\"")
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(scalar)
        }
      } else if scalar == "\"" {
        quoted = true
      } else if scalar == "," {
        record.append(field)
        field = ""
      } else if scalar == "\r", scalars.first == "\n" {
        scalars.removeFirst()
        records.append(record + [field])
        record = []
        field = ""
      } else {
        field.unicodeScalars.append(scalar)
      }
    }
    return records
  }
}

@Suite("Day manifest")
struct ManifestTests {
  let reference = FeedFixtures.reference
  let now = FeedFixtures.now

  func manifest(
    _ bookings: [Booking], on day: String = "2026-06-10", guide: Guide.ID? = nil
  ) -> DayManifest {
    DayManifest(date: date(day), guide: guide, bookings: bookings, reference: reference, now: now)
  }

  func lines(_ csv: String) -> [String] {
    csv.components(separatedBy: "\r\n").dropLast().map { String($0) }
  }

  /// A second group at the Louvre-Lens and the Base 11/19, both from 09:00.
  var secondBooking: Booking {
    let day = "2026-06-10"
    return FeedFixtures.booking(
      "bk-2",
      visits: [
        Visit(
          site: Basin.louvreID, kind: .visit, start: paris(day, "09:00"),
          end: paris(day, "10:00"), guided: false),
        Visit(
          site: Basin.baseID, kind: .visit, start: paris(day, "09:00"),
          end: paris(day, "09:45"), guided: true, guide: Basin.mathieu.id),
      ], headcount: 12)
  }

  @Test func rowsRunByStartTimeThenSite() {
    let rows = manifest([FeedFixtures.booking(), secondBooking]).rows
    let order = rows.map { "\(CivilTime.paris.civil($0.start).time) \($0.site) \($0.booking)" }
    #expect(
      order == [
        "09:00 Base 11/19 bk-1", "09:00 Base 11/19 bk-2", "09:00 Louvre-Lens bk-2",
        "12:00 Base 11/19 bk-1", "14:00 Terrils jumeaux bk-1",
      ])
  }

  @Test func csvHasAHeaderAndOneQuotedRecordPerVisit() {
    let csv = manifest([FeedFixtures.booking(wheelchairUsers: 2)]).csv(in: .french)
    let lines = lines(csv)
    #expect(csv.hasSuffix("\r\n"))
    #expect(
      lines.first
        == "Réservation,État,Organisation,Contact,Téléphone,Courriel,Site,Activité,Début,Fin,"
        + "Personnes,Langue,Besoins,Guide,À suivre")
    #expect(lines.count == 4)
    #expect(
      lines[1]
        == "bk-1,confirmée,\"Ville de Grenoble, service \"\"Transition; climat\"\"\","
        + "Claire Martin,+33 6 12 34 56 78,claire@example.org,Base 11/19,Visite de la base,"
        + "09:00,10:30,24,français,2 personnes en fauteuil roulant,Camille Dufour,")
    let lunch = ",Base 11/19,Déjeuner,12:00,13:00,24,français,2 personnes en fauteuil roulant,,"
    #expect(lines[2].hasSuffix(lunch))
  }

  @Test func csvSpeaksEnglishWhenAsked() {
    let csv = manifest([FeedFixtures.booking(language: "fr", wheelchairUsers: 1)])
      .csv(in: .english)
    let lines = lines(csv)
    #expect(lines.first?.hasPrefix("Booking,State,Organisation,Contact,Phone,Email,") == true)
    #expect(lines[1].hasSuffix(",09:00,10:30,24,French,1 wheelchair user,Camille Dufour,"))
    #expect(lines[2].contains(",Lunch,12:00,13:00,"))
  }

  @Test func aGuidedVisitLeftWithoutAGuideSaysSoUnlikeAPresentedOne() {
    var booking = secondBooking
    booking.visits[1].guide = nil  // every guide who could lead it became unavailable
    let manifest = manifest([booking])
    let table = manifest.table(in: .french)
    #expect(
      table[0] == [
        "DÉBUT", "FIN", "SITE", "GROUPE", "RÉSERVATION", "ÉTAT", "PERS.", "LANGUE", "BESOINS",
        "GUIDE", "CONTACT", "À SUIVRE",
      ])
    let guides = Dictionary(uniqueKeysWithValues: table.dropFirst().map { ($0[2], $0[9]) })
    #expect(guides == ["Base 11/19": "AUCUN GUIDE POUR L'INSTANT", "Louvre-Lens": ""])
    #expect(manifest.table(in: .english)[0][4] == "BOOKING")
    #expect(manifest.table(in: .english).dropFirst().allSatisfy { $0[4] == "bk-2" })
    #expect(lines(manifest.csv(in: .english)).contains { $0.hasSuffix(",NO GUIDE YET,") })
  }

  @Test func aVisitThePublishedCatalogueNoLongerAllowsIsMarkedForFollowUp() throws {
    // Published since: the Louvre-Lens withdrawn, the base closed on the booked day.
    let day = "2026-06-10"
    var base = Basin.base
    base.openingHours.closures = [.init(date: date(day), reason: "travaux")]
    let reference = ReferenceData(
      catalogue: Catalogue(sites: [base, Basin.terrils], journeys: offered), guides: Basin.guides,
      organisations: [])
    let manifest = DayManifest(
      date: date(day), bookings: [secondBooking], reference: reference, now: now)
    let table = manifest.table(in: .english)
    let notes = Dictionary(uniqueKeysWithValues: table.dropFirst().map { ($0[2], $0[11]) })
    #expect(notes["lens-louvre-lens"] == "the site lens-louvre-lens is no longer in the catalogue")
    #expect(notes["Base 11/19"]?.contains("travaux") == true)
    #expect(manifest.csv(in: .french).contains("n'est plus au catalogue"))
    // In the fixture catalogue the base is open; the Louvre-Lens opens only at 10:00.
    let flagged = self.manifest([secondBooking]).rows.filter { $0.conflict != nil }
    #expect(flagged.map(\.site) == ["Louvre-Lens"])
  }

  @Test func everyVisitOfABookingWhoseJourneyIsNoLongerOfferedIsMarkedForFollowUp() throws {
    var reference = FeedFixtures.reference
    reference.catalogue.journeys = []
    let manifest = DayManifest(
      date: date("2026-06-10"), bookings: [secondBooking], reference: reference, now: now)
    #expect(manifest.rows.count == 2)
    #expect(
      manifest.rows.allSatisfy {
        $0.conflict?.en.hasPrefix("the journey loos-ville-pilote is no longer offered") == true
      })
    // With the site's own reason after it: the Louvre-Lens opens only at 10:00.
    let louvre = try #require(manifest.rows.first { $0.site == "Louvre-Lens" }?.conflict)
    #expect(louvre.fr.contains("n'est plus proposé; "))
  }

  /// The journeys of the fixture catalogue, which the bookings hold.
  var offered: [Journey] { FeedFixtures.reference.catalogue.journeys }

  @Test func groupsBeyondAReducedCapacityAreMarkedAtThatSiteOnly() throws {
    // Two groups at the base at 09:00; it now takes one at a time.
    var base = FeedFixtures.reference.catalogue.site(Basin.baseID)!
    base.capacity.simultaneousGroups = 1
    let reference = ReferenceData(
      catalogue: Catalogue(sites: [base, Basin.terrils, Basin.louvre], journeys: offered),
      guides: Basin.guides, organisations: [FeedFixtures.organisation])
    let manifest = DayManifest(
      date: date("2026-06-10"), bookings: [FeedFixtures.booking(), secondBooking],
      reference: reference, now: now)
    let flagged = manifest.rows.filter { $0.conflict != nil }.map { "\($0.booking) \($0.site)" }
    #expect(flagged.contains("bk-1 Base 11/19") && flagged.contains("bk-2 Base 11/19"))
    #expect(!flagged.contains("bk-1 Terrils jumeaux"))
    let note = try #require(manifest.rows.first { $0.site == "Base 11/19" }?.conflict)
    #expect(note.en.contains("now takes 1 group(s) at a time; 2 are there together"))
  }

  @Test func aGuidesManifestHoldsOnlyTheVisitsTheyLead() {
    let rows = manifest([FeedFixtures.booking(), secondBooking], guide: Basin.mathieu.id).rows
    #expect(rows.map(\.booking) == ["bk-2", "bk-1"])
    #expect(rows.map(\.site) == ["Base 11/19", "Terrils jumeaux"])
    #expect(rows.allSatisfy { $0.guide == Basin.mathieu.name })
  }

  @Test func cancelledAndLapsedBookingsAreLeftOutButLiveHoldsStay() throws {
    let bookings = [
      try FeedFixtures.booking("bk-cancelled").cancelled(at: now),
      FeedFixtures.booking("bk-lapsed", state: .held(expiresAt: now - 1)),
      FeedFixtures.booking("bk-held", state: .held(expiresAt: now + 3_600)),
    ]
    let manifest = manifest(bookings)
    #expect(Set(manifest.rows.map(\.booking)) == ["bk-held"])
    #expect(lines(manifest.csv(in: .french))[1].hasPrefix("bk-held,option,"))
  }

  @Test func onlyTheVisitsOfTheDateAreListed() {
    let other = FeedFixtures.booking("bk-other", on: "2026-06-11")
    let rows = manifest([FeedFixtures.booking(), other]).rows
    #expect(rows.map(\.booking) == ["bk-1", "bk-1", "bk-1"])
  }

  @Test(arguments: ["2026-03-29", "2026-10-25"])
  func timesAreParisClockTimesOnTheDaysClocksChange(day: String) {
    let csv = manifest([FeedFixtures.booking(on: day)], on: day).csv(in: .french)
    let records = CSVTests.parse(csv)
    #expect(
      records.dropFirst().map { [$0[8], $0[9]] } == [
        ["09:00", "10:30"], ["12:00", "13:00"], ["14:00", "15:30"],
      ])
  }

  @Test func textTypedByThePublicCannotBecomeAFormula() {
    var booking = FeedFixtures.booking()
    booking.group.contact = Contact(name: "=cmd|' /C calc'!A0", phone: "+33 3 21 00 00 00")
    let record = CSVTests.parse(manifest([booking]).csv())[1]
    #expect(record[3] == "'=cmd|' /C calc'!A0")
    #expect(record[4] == "+33 3 21 00 00 00")
  }
}
