import ArgumentParser
import Foundation
import Journeys

struct OrganisationsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "organisations", abstract: "The municipalities and organisations that book.",
    subcommands: [List.self, Add.self])

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the organisations.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
      let organisations = try await store.withStore { store in try await store.organisations() }
      print(
        Table.render(
          ["ID", "NAME", "CONTACT"],
          organisations.map { organisation in
            let contact = organisation.contact.map {
              [$0.name, $0.email ?? "", $0.phone ?? ""].filter { !$0.isEmpty }
                .joined(separator: ", ")
            }
            return [organisation.id.rawValue, organisation.name, contact ?? ""]
          }))
    }
  }

  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Register an organisation, or rename the one with the same id.")

    @Argument(help: "Identifier: lowercase letters, digits and dashes.") var id: String
    @Option(help: "Its name, as shown to guides and on manifests.") var name: String
    @Option(help: "Who to call about its bookings.") var contactName: String?
    @Option(help: "The contact's email.") var email: String?
    @Option(help: "The contact's phone.") var phone: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
      guard !id.isEmpty, id.count <= 64,
        id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" })
      else { throw ValidationError("the id must use lowercase letters, digits and dashes") }
      guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw ValidationError("--name must not be empty")
      }
      if let (option, _) = [
        ("--name", name), ("--contact-name", contactName ?? ""), ("--email", email ?? ""),
        ("--phone", phone ?? ""),
      ].first(where: { !Contact.isOneLine($0.1) }) {
        throw ValidationError("\(option) must be one line, without control characters")
      }
      if let email, !email.contains("@") { throw ValidationError("--email is not an address") }
    }

    func run() async throws {
      let dropped = try await store.withStore { store in
        // Renaming keeps the webhook, and the contact unless a new one is given.
        let existing = try await store.organisations().first { $0.id.rawValue == id }
        let (contact, dropped) = try contact(replacing: existing?.contact)
        try await store.save(
          Organisation(
            id: Organisation.ID(id), name: name.trimmingCharacters(in: .whitespaces),
            contact: contact, webhook: existing?.webhook))
        return dropped
      }
      print("organisation \(id) saved")
      if let dropped { print(dropped) }
    }

    /// The contact after this command: the same person keeps the email and phone not given
    /// again; another person gets only what is given, and the ones dropped are said (nil when
    /// nothing was).
    func contact(replacing previous: Contact?) throws -> (Contact?, String?) {
      guard contactName != nil || email != nil || phone != nil else { return (previous, nil) }
      guard let person = contactName ?? previous?.name else {
        throw AdminError("--email and --phone need --contact-name: \(id) has no contact yet")
      }
      // The same person whatever the letter case ("paul durand" for "Paul Durand").
      guard let previous, previous.name.lowercased() == person.lowercased() else {
        var lost: [String] = []
        if previous?.email != nil, email == nil { lost.append("email") }
        if previous?.phone != nil, phone == nil { lost.append("phone") }
        return (
          Contact(name: person, email: email, phone: phone),
          lost.isEmpty
            ? nil
            : "\(previous?.name ?? "")'s \(lost.joined(separator: " and ")) not kept for \(person): "
              + "give --\(lost.joined(separator: " --")) to set \(person)'s"
        )
      }
      return (
        Contact(name: person, email: email ?? previous.email, phone: phone ?? previous.phone), nil
      )
    }
  }
}
