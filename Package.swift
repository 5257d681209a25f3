// swift-tools-version: 6.2
import PackageDescription

let package = Package(
  name: "voyages-apprenants",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "booking-api", targets: ["BookingAPI"]),
    .executable(name: "journeys-admin", targets: ["journeys-admin"]),
    .library(name: "Journeys", targets: ["Journeys"]),
    .library(name: "JourneysStore", targets: ["JourneysStore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
    .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
    .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(
      url: "https://github.com/apple/swift-configuration", from: "1.4.0",
      traits: [.defaults, "YAML", "CommandLineArguments"]),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    .target(name: "Journeys"),
    .target(
      name: "JourneysStore",
      dependencies: [
        "Journeys",
        .product(name: "Yams", package: "Yams"),
        .product(name: "SQLiteNIO", package: "sqlite-nio"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Configuration", package: "swift-configuration"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .executableTarget(
      name: "BookingAPI",
      dependencies: [
        "Journeys",
        "JourneysStore",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
        .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
      ],
      // The contract generates the server and is also served at GET /openapi.yaml.
      resources: [.copy("openapi.yaml")],
      plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]),
    .executableTarget(
      name: "journeys-admin",
      dependencies: [
        "Journeys",
        "JourneysStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "JourneysTests",
      dependencies: [
        "Journeys",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .target(
      name: "StoreTestSupport",
      dependencies: [
        "JourneysStore",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Tests/StoreTestSupport"),
    .testTarget(
      name: "JourneysStoreTests",
      dependencies: [
        "Journeys", "JourneysStore", "StoreTestSupport",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(
      name: "BookingAPITests",
      dependencies: [
        "BookingAPI", "Journeys", "JourneysStore", "StoreTestSupport",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
      ]),
    .testTarget(
      name: "JourneysAdminTests",
      dependencies: ["journeys-admin", "Journeys", "JourneysStore"]),
  ],
  swiftLanguageModes: [.v6]
)
