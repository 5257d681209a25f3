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
      if contactName == nil, email != nil || phone != nil {
        throw ValidationError("--email and --phone need --contact-name")
      }
    }

    func run() async throws {
      try await store.withStore { store in
        // Renaming keeps the webhook, and the contact unless a new one is given.
        let existing = try await store.organisations().first { $0.id.rawValue == id }
        try await store.save(
          Organisation(
            id: Organisation.ID(id), name: name.trimmingCharacters(in: .whitespaces),
            contact: contactName.map { Contact(name: $0, email: email, phone: phone) }
              ?? existing?.contact,
            webhook: existing?.webhook))
      }
      print("organisation \(id) saved")
    }
  }
}
