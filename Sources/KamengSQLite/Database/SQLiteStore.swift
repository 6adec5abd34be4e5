import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// The system of record: one SQLite database (WAL, synchronous=FULL) plus the vault that seals secrets.
/// Every changing method checks the actor's permission and appends to the audit log in the same transaction.
public final class SQLiteStore: Sendable {
    public let path: String
    let pool: DatabasePool
    let vault: Vault
    /// Opened with `--readonly`: the SQLite connections are read-only and every changing method
    /// refuses with `StoreError.readOnly` before it touches anything.
    public let isReadOnly: Bool
    /// How every SQLite connection of this store is opened (the pool, the intake's checkpointer, the
    /// data-version probe): the defaults, except in the power-loss tests.
    let connection: ConnectionOptions
    /// Set by the first storage failure (a failed write or sync); every later write is refused.
    let storage = StorageHealth()
    /// The audit anchor beside the key file (`AuditAnchorFile`); nil only for stores made without a key file path.
    let anchorPath: String?
    let pendingAnchor = PendingAnchor()
    let anchorWriter = AnchorWriter()
    /// Which one-time vault upgrades have finished (power-row MACs, the card-key re-seal).
    let upgrades = VaultUpgrades()
    /// Whether deliveries post to the ledger (`postsLedger`; off only in the benchmark).
    let ledgerSwitch = LedgerSwitch()

    init(path: String, pool: DatabasePool, vault: Vault, readOnly: Bool = false, connection: ConnectionOptions = ConnectionOptions(),
         keyFilePath: String? = nil) {
        self.path = path
        self.pool = pool
        self.vault = vault
        self.isReadOnly = readOnly
        self.connection = connection
        self.anchorPath = keyFilePath.map { AuditAnchorFile.path(keyFilePath: $0, vault: vault) }
    }

    /// Creates a new database at `path`, its data key wrapped by the key file (created when missing),
    /// and makes `adminUser` its first admin and its owner (the staff member local runs act as).
    @_spi(Benchmark) public static func create(at path: String, keyFilePath: String, adminUser: String, now: Date = Date()) throws -> SQLiteStore {
        try create(at: path, keyFilePath: keyFilePath, adminUser: adminUser, now: now, connection: ConnectionOptions())
    }

    /// `markUpgraded: false` makes a database as one from before the vault upgrades (the upgrade tests).
    static func create(at path: String, keyFilePath: String, adminUser: String, now: Date = Date(),
                       connection: ConnectionOptions, markUpgraded: Bool = true) throws -> SQLiteStore {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.alreadyInitialised(path: path) }
        guard Staff.isValidUserName(adminUser) else { throw StoreError.invalidField(field: "user name", rule: "\"\(adminUser)\" is not a valid staff name") }
        let keyFile = FileManager.default.fileExists(atPath: keyFilePath)
            ? try KeyFile.load(path: keyFilePath, databasePath: path)
            : try KeyFile.create(path: keyFilePath, databasePath: path)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Created 0600 before SQLite opens it; SQLite gives the -wal and -shm files the same mode.
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.file(path: path, problem: .cannotCreate(reason: String(cString: strerror(errno))))
        }
        let pool = try openPool(path: path, connection: connection)
        let dataKey = SymmetricKeyFactory.random()
        let wrapped = try Vault.wrap(dataKey: dataKey, with: keyFile)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO vault (id, kek_fingerprint, wrapped_data_key, created_at) VALUES (1, ?, ?, ?)",
                           arguments: [keyFile.fingerprint, wrapped, now])
        }
        let store = SQLiteStore(path: path, pool: pool, vault: Vault(dataKey: dataKey), connection: connection, keyFilePath: keyFilePath)
        try store.dbWrite { db in
            try db.execute(sql: "INSERT INTO staff (user_name, role, created_at) VALUES (?, 'admin', ?)", arguments: [adminUser, now])
            let ownerId = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO service_owner (id, staff_id) VALUES (1, ?)", arguments: [ownerId])
            try store.sealPowerRow(db, .staff, id: ownerId)
            try store.appendAudit(db, actor: adminUser, action: "store.init", target: "store", detail: "first admin \(adminUser), the owner", at: now)
            // Nothing here predates the upgrades: every key is sealed v2 and every power row carries its MAC from the start.
            if markUpgraded {
                try store.appendAudit(db, actor: adminUser, action: VaultUpgrades.resealDone, target: "vault",
                                      detail: "new database: keys sealed v2 from the start", at: now)
            }
        }
        try store.upgrades.load(store)
        return store
    }

    /// Opens an existing database; the key file must satisfy its policy and match the database.
    /// `readOnly` opens SQLite read-only and disables every changing method.
    @_spi(Benchmark) public static func open(at path: String, keyFilePath: String, readOnly: Bool = false) throws -> SQLiteStore {
        try open(at: path, keyFilePath: keyFilePath, readOnly: readOnly, connection: ConnectionOptions())
    }

    static func open(at path: String, keyFilePath: String, readOnly: Bool = false, connection: ConnectionOptions) throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notInitialised(path: path) }
        let keyFile = try KeyFile.load(path: keyFilePath, databasePath: path)
        let pool = try openPool(path: path, readOnly: readOnly, connection: connection)
        let row = try pool.read { db in try Row.fetchOne(db, sql: "SELECT kek_fingerprint, wrapped_data_key FROM vault WHERE id = 1") }
        guard let row else { throw StoreError.notInitialised(path: path) }
        let fingerprint: String = row["kek_fingerprint"]
        guard fingerprint == keyFile.fingerprint else {
            throw StoreError.keyFile(path: keyFilePath, problem: "is not the key this database was created with (fingerprint \(keyFile.fingerprint), database expects \(fingerprint))"
                                     + KeyRotation.interruptedHint(keyFilePath: keyFilePath, databasePath: path, expected: fingerprint))
        }
        let dataKey = try Vault.unwrap(row["wrapped_data_key"], with: keyFile)
        let store = SQLiteStore(path: path, pool: pool, vault: Vault(dataKey: dataKey), readOnly: readOnly, connection: connection,
                                keyFilePath: keyFilePath)
        // Needs the vault, so not a migration: power-row MACs, keyed content digests, the re-seal.
        if !readOnly { try store.completeVaultUpgrades() }
        try store.upgrades.load(store)
        try store.anchorIfMissing()
        return store
    }

    /// The pool, on SQLite's own unix VFS (or, in the power-loss tests, the VFS `connection` names).
    static func openPool(path: String, readOnly: Bool = false, connection: ConnectionOptions = ConnectionOptions()) throws -> DatabasePool {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(5)
        config.foreignKeysEnabled = true
        config.label = "kameng"
        let cacheSize = connection.cachePages ?? -32768
        config.prepareDatabase { db in
            // Bigger page cache: bulk imports touch the digest index all over.
            try db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
        }
        let pool = try DatabasePool(path: connection.sqlitePath(path), configuration: config)
        if readOnly {
            // A read-only session cannot migrate; an older file must be opened once normally first.
            guard try pool.read(Schema.migrator.hasCompletedMigrations) else {
                throw StoreError.needsUpgrade(path: path)
            }
            return pool
        }
        // A sale must survive power loss. GRDB sets NORMAL on the writer after prepareDatabase, so FULL
        // is set here, after opening and before the migrations write anything; a test reads it back.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Schema.migrator.migrate(pool)
        return pool
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL), for tests and `kameng doctor`-style checks.
    @_spi(Benchmark) public func synchronousLevel() throws -> Int {
        try dbWriteWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// SQLite's `integrity_check` result: "ok" when the file is sound.
    func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// Bumps whenever another connection or process commits. Through the pool, so two calls may ask two
    /// reader connections: a poller should use `makeDataVersionProbe()` instead.
    func dataVersion() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// Flushes the WAL into the main file (used before measuring or copying the database).
    @_spi(Benchmark) public func checkpoint() throws {
        try dbWriteWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// Closes every connection of the pool (the power-loss tests close all before they cut the power).
    func closeDatabase() throws {
        try pool.close()
    }
}
