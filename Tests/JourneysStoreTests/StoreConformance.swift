import StoreTestSupport
import Testing

/// The behaviour every `OperatedStore` must have, run unchanged against SQLite and PostgreSQL:
/// each test takes the backend as its argument and gets a fresh, migrated, empty store from
/// `withStore(_:_:)`. What only one store does (files, dumps, schema versions, database
/// constraints) is tested in `SQLiteStoreTests` and `PostgresStoreTests`.
@Suite("Store conformance")
enum StoreConformance {}
