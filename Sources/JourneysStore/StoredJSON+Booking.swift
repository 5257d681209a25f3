import Foundation
import Journeys

extension StoredJSON {
  /// A booking's stored JSON, written directly rather than through `JSONEncoder`: every hold
  /// and every change writes one, and the coder's containers cost several times the writing.
  /// The same text as `encode(_:)` with sorted keys (the tests compare the two on bookings with
  /// every optional field set and unset), which `decode` reads back.
  static func encode(_ booking: Booking) throws -> String {
    var json = JSONText()
    json.open()
    json.key("createdAt")
    try json.date(booking.createdAt)
    json.key("date")
    json.string(booking.date.description)
    json.key("group")
    json.group(booking.group)
    json.key("id")
    json.string(booking.id.rawValue)
    json.key("journey")
    json.string(booking.journey.rawValue)
    json.key("journeyVersion")
    json.integer(booking.journeyVersion)
    if let revisedAt = booking.revisedAt {
      json.key("revisedAt")
      try json.date(revisedAt)
    }
    if let revision = booking.revision {
      json.key("revision")
      json.integer(revision)
    }
    if let start = booking.startTime {
      json.key("startTime")
      json.string(start.description)
    }
    json.key("state")
    try json.state(booking.state)
    json.key("visits")
    json.openArray()
    for visit in booking.visits {
      json.element()
      try json.visit(visit)
    }
    json.closeArray()
    json.close()
    return json.text
  }
}

/// JSON written piece by piece, spelling strings and numbers as `JSONEncoder` does.
struct JSONText {
  private(set) var text = ""
  /// Whether nothing was written yet in the current object or array (no comma is due).
  private var first = true

  init() { text.reserveCapacity(4096) }

  mutating func open() {
    text.append("{")
    first = true
  }

  mutating func close() {
    text.append("}")
    first = false
  }

  mutating func openArray() {
    text.append("[")
    first = true
  }

  mutating func closeArray() {
    text.append("]")
    first = false
  }

  /// Before each element of an array: a comma unless it comes first.
  mutating func element() {
    if !first { text.append(",") }
    first = true
  }

  /// `"name":`, after a comma unless it comes first in its object.
  mutating func key(_ name: String) {
    if !first { text.append(",") }
    string(name)
    text.append(":")
  }

  mutating func integer(_ value: Int) {
    text.append(String(value))
    first = false
  }

  mutating func bool(_ value: Bool) {
    text.append(value ? "true" : "false")
    first = false
  }

  /// Seconds since 1970.
  mutating func date(_ value: Date) throws {
    let seconds = value.timeIntervalSince1970
    // JSONEncoder's rule: the shortest decimal form, without a trailing ".0"; not a number
    // and infinities are refused.
    guard seconds.isFinite else {
      // The seconds, not the date: a date of NaN seconds cannot even describe itself.
      throw EncodingError.invalidValue(
        seconds, .init(codingPath: [], debugDescription: "\(seconds) is not a valid JSON number"))
    }
    var number = seconds.description
    if number.hasSuffix(".0") { number.removeLast(2) }
    text.append(number)
    first = false
  }

  /// A JSON string: quotes, backslashes, slashes and control characters escaped.
  mutating func string(_ value: String) {
    text.append("\"")
    let bytes = value.utf8
    var plainFrom = bytes.startIndex
    for index in bytes.indices {
      let byte = bytes[index]
      guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x2F else { continue }
      text.append(contentsOf: value[plainFrom..<index])
      switch byte {
      case 0x22: text.append("\\\"")
      case 0x5C: text.append("\\\\")
      case 0x2F: text.append("\\/")
      case 0x0A: text.append("\\n")
      case 0x0D: text.append("\\r")
      case 0x09: text.append("\\t")
      case 0x08: text.append("\\b")
      case 0x0C: text.append("\\f")
      default: text.append("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
      }
      plainFrom = bytes.index(after: index)
    }
    text.append(contentsOf: value[plainFrom...])
    text.append("\"")
    first = false
  }

  mutating func group(_ group: Group) {
    open()
    key("contact")
    open()
    if let email = group.contact.email {
      key("email")
      string(email)
    }
    key("name")
    string(group.contact.name)
    if let phone = group.contact.phone {
      key("phone")
      string(phone)
    }
    close()
    key("headcount")
    integer(group.headcount)
    key("language")
    string(group.language.description)
    key("needs")
    open()
    key("wheelchairUsers")
    integer(group.needs.wheelchairUsers)
    close()
    key("organisation")
    string(group.organisation.rawValue)
    close()
  }

  mutating func state(_ state: Booking.State) throws {
    let (name, field, at): (String, String, Date) =
      switch state {
      case .held(let expiresAt): ("held", "expiresAt", expiresAt)
      case .confirmed(let at): ("confirmed", "at", at)
      case .cancelled(let at): ("cancelled", "at", at)
      case .expired(let at): ("expired", "at", at)
      }
    open()
    key(name)
    open()
    key(field)
    try date(at)
    close()
    close()
  }

  /// A list of guide ids under `name`, left out when nil (as the synthesized coding does).
  mutating func guides(_ name: String, _ ids: [Guide.ID]?) {
    guard let ids else { return }
    key(name)
    openArray()
    for id in ids {
      element()
      string(id.rawValue)
    }
    closeArray()
  }

  mutating func visit(_ visit: Visit) throws {
    open()
    if let accepted = visit.accepted {
      key("accepted")
      bool(accepted)
    }
    key("activity")
    open()
    key("en")
    string(visit.activity.en)
    key("fr")
    string(visit.activity.fr)
    close()
    guides("declinedBy", visit.declinedBy)
    key("end")
    try date(visit.end)
    guides("formerGuides", visit.formerGuides)
    if let guide = visit.guide {
      key("guide")
      string(guide.rawValue)
    }
    key("guided")
    bool(visit.guided)
    key("kind")
    string(visit.kind.rawValue)
    key("site")
    string(visit.site.rawValue)
    key("start")
    try date(visit.start)
    close()
  }
}
