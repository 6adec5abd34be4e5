import GRDB

extension Schema {
    /// v12: an order found by the end of its number. A cut order number keeps its end on screen
    /// (`SIM1…30-1000000`), and support types that visible tail into `/`. `orders_by_order_no_tail`
    /// indexes each number's last `orderTailLength` characters, so a word at least that long finds the
    /// few orders whose number ends the same way through the index, whatever the table's size
    /// (`searchStatement`). It is an index on a built-in deterministic expression, not a stored column
    /// filled by the app: every connection, the sqlite3 shell included, keeps it up to date on insert,
    /// and an update that leaves `order_no` alone does not touch it.
    ///
    /// Numbered v12 because v11 is the stock counts' migration, on its own branch: the two are
    /// independent, and each lives in its own file.
    static func registerOrderTails(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12 order number tails") { db in
            try db.execute(sql: v12OrderTails)
        }
    }

    /// How many characters of an order number's end the tail index holds: the shortest word that is
    /// matched against the end of order numbers. The console shows at least 10 characters of a cut
    /// number's end (a 15-column order number column: 14 characters and the ellipsis, the end given two
    /// thirds), so every visible tail is long enough. Shipped in v12: never change it, or the queries'
    /// expression no longer matches the index's and SQLite stops using it.
    static let orderTailLength = 8

    /// `text`'s last `orderTailLength` characters, in SQL: the indexed expression, written the same way
    /// in the index and in the queries (SQLite uses an expression index only for the same expression).
    static func orderTail(_ text: String) -> String { "substr(\(text), -\(orderTailLength))" }

    static let v12OrderTails = "CREATE INDEX orders_by_order_no_tail ON orders(\(orderTail("order_no")))"
}
