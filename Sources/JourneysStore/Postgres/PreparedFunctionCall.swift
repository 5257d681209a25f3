import PostgresNIO

/// A function of the schema called on every hold or booking change, with the types of its
/// arguments in the order calls add them.
protocol HotFunction {
  static var name: String { get }
  static var argumentTypes: [String] { get }
}

/// `write_hold` (migration 10): the expected reference and week versions, the idempotency
/// key, then `insert_booking`'s and `record_change`'s arguments.
enum WriteHold: HotFunction {
  static let name = "write_hold"
  static let argumentTypes =
    ["bigint", "date[]", "bigint[]", "text", "text", "text"]
    + PostgresFunctionCall.bookingTypes + PostgresFunctionCall.changeTypes
}

/// `write_change` (migration 10): `rewrite_booking`'s arguments, then `record_change`'s.
enum WriteChange: HotFunction {
  static let name = "write_change"
  static let argumentTypes = PostgresFunctionCall.rewritingTypes + PostgresFunctionCall.changeTypes
}

/// A call of a `HotFunction` as a named prepared statement: each connection parses and plans
/// it once, not on every call as an unnamed statement would be.
struct PreparedFunctionCall<Function: HotFunction>: PostgresPreparedStatement {
  typealias Row = PostgresRow

  static var name: String { Function.name }
  static var sql: String {
    PostgresFunctionCall.sql(calling: Function.name, types: Function.argumentTypes)
  }

  let bindings: PostgresBindings

  /// Stops at once if `call` does not add the arguments the function's types say: the
  /// statement is prepared from the types, not from the call.
  init(_ call: PostgresFunctionCall) {
    precondition(
      call.types == Function.argumentTypes,
      "\(Function.name) called with \(call.types), prepared for \(Function.argumentTypes)")
    bindings = call.bindings
  }

  func makeBindings() -> PostgresBindings { bindings }

  func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
