import GRDB

extension Schema {
    /// v7: the console's `sub:CODE` filter. Orders were found by the `(substation_id, order_no)` unique
    /// index and then every one of that substation's orders was sorted to show the newest 50 (620 ms for
    /// one substation of the 1M-order demo). With `(substation_id, created_at)` (and the rowid every
    /// index ends with) the newest-first page is read straight off the index, at any depth.
    static func registerOrderFilters(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7 order filter indexes") { db in
            try db.execute(sql: "CREATE INDEX orders_by_substation ON orders(substation_id, created_at)")
        }
    }
}
