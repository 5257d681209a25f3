import Foundation
import Journeys
import Testing

@Suite("What the audit log calls each change, and who sees whom")
struct AuditTrailTests {
  let hold = BookingTests().hold

  @Test func eachKindOfChangeHasItsAction() throws {
    #expect(AuditTrail.bookingAction(before: nil, after: hold) == "booking.held")
    let confirmed = try hold.confirmed(at: hold.createdAt)
    #expect(AuditTrail.bookingAction(before: hold, after: confirmed) == "booking.confirmed")
    var larger = hold
    larger.group.headcount = 25
    #expect(AuditTrail.bookingAction(before: hold, after: larger) == "booking.changed")
    var wheelchair = hold
    wheelchair.group.needs.wheelchairUsers = 1
    #expect(AuditTrail.bookingAction(before: hold, after: wheelchair) == "booking.changed")
    var longer = hold
    longer.visits[0].end = longer.visits[0].end.addingTimeInterval(900)
    #expect(AuditTrail.bookingAction(before: hold, after: longer) == "booking.changed")
    var otherGuide = hold
    otherGuide.visits[0].guide = Basin.mathieu.id
    #expect(AuditTrail.bookingAction(before: hold, after: otherGuide) == "booking.guides_changed")
    var answered = hold
    answered.visits[0].accepted = true
    #expect(
      AuditTrail.bookingAction(before: hold, after: answered) == "booking.assignment_answered")
    var declined = hold
    declined.visits[0].declinedBy = [declined.visits[0].guide ?? Basin.camille.id]
    declined.visits[0].guide = nil
    #expect(
      AuditTrail.bookingAction(before: hold, after: declined) == "booking.assignment_answered")
    // Only the changes organisations care about reach their webhooks.
    #expect(Webhook.event(forAuditAction: "booking.guides_changed") == "booking.changed")
    #expect(Webhook.event(forAuditAction: "booking.held") == nil)
    #expect(Webhook.event(forAuditAction: "booking.assignment_answered") == nil)
  }

  @Test func organisationsSeeOthersOnlyByRole() {
    let demo = Principal.organisation("demo")
    #expect(demo.visibleActor("organisation:demo") == "organisation:demo")
    #expect(demo.visibleActor("admin:claire") == "admin")
    #expect(demo.visibleActor("guide:guide-camille") == "guide")
    #expect(demo.visibleActor("system:hold-expiry") == "system")
    #expect(Principal.admin("claire").visibleActor("guide:guide-camille") == "guide:guide-camille")
  }

  @Test func rolesReachOnlyTheirOwnObjects() throws {
    let booking = hold
    #expect(Principal.admin("a").mayAccess(booking))
    #expect(Principal.organisation("demo").mayAccess(booking))
    #expect(!Principal.organisation("lille").mayAccess(booking))
    #expect(!Principal.guide(Basin.camille.id).mayAccess(booking))
    #expect(Principal.guide(Basin.camille.id).mayAct(asGuide: Basin.camille.id))
    #expect(!Principal.guide(Basin.camille.id).mayAct(asGuide: Basin.mathieu.id))
    #expect(!Principal.organisation("demo").mayAct(asGuide: Basin.camille.id))
    #expect(try Principal.organisation("demo").bookingOrganisation(named: nil) == "demo")
    #expect(throws: AccessError.otherOrganisation("demo")) {
      try Principal.organisation("demo").bookingOrganisation(named: "lille")
    }
    #expect(throws: AccessError.organisationRequired) {
      try Principal.admin("a").bookingOrganisation(named: nil)
    }
    #expect(throws: AccessError.forbidden) {
      try Principal.guide(Basin.camille.id).bookingFilter(requested: nil)
    }
    let camille = Principal.guide(Basin.camille.id)
    #expect(try camille.answeringGuide(named: nil, leader: Basin.camille.id) == Basin.camille.id)
    #expect(try camille.answeringGuide(named: nil, leader: Basin.mathieu.id) == nil)
    #expect(
      try camille.answeringGuide(named: Basin.mathieu.id, leader: Basin.camille.id) == nil)
    #expect(try Principal.admin("a").answeringGuide(named: "g", leader: nil) == "g")
    #expect(throws: AccessError.guideRequired) {
      try Principal.admin("a").answeringGuide(named: nil, leader: nil)
    }
    #expect(throws: AccessError.forbidden) {
      try Principal.organisation("demo").answeringGuide(named: nil, leader: nil)
    }
  }
}
