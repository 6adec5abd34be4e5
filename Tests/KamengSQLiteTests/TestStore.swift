import Foundation
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// A real store in a fresh temporary directory: database in `db/`, key file in `keys/` (kept apart,
/// as the key file policy requires). Removed when the test is done with it.
final class TestStore {
    let root: String
    let databasePath: String
    let keyFilePath: String
    let store: SQLiteStore
    let admin: Staff
    /// Authenticator secrets of the staff this test enrolled, by user name.
    private var totpSecrets: [String: Data] = [:]
    /// Step-up codes are accepted once per 30 s step, so each one is taken at a later step than the last.
    private var stepUpClock = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 30).rounded(.down) * 30 + 15)

    init(admin: String = "alice") throws {
        root = NSTemporaryDirectory() + "kameng-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/db", withIntermediateDirectories: true)
        databasePath = root + "/db/kameng.sqlite"
        keyFilePath = root + "/keys/master.key"
        store = try SQLiteStore.create(at: databasePath, keyFilePath: keyFilePath, adminUser: admin)
        self.admin = try store.staff(userName: admin)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    @discardableResult
    func addProduct(sku: String = "QQ-100", reusable: Bool = false, threshold: Int = 10) throws -> Product {
        try store.addProduct(Product(sku: sku, name: "腾讯Q币100元", category: .gameCard, faceValue: Money(fen: 10_000), cost: Money(fen: 9_500),
                                     prices: MemberPrices(retail: Money(fen: 9_900), vip: Money(fen: 9_800), agent: Money(fen: 9_700)),
                                     lowStockThreshold: threshold, reusable: reusable), by: admin)
    }

    /// A substation with commission 5 %. New substations must pay before delivery (issue 18); the tests
    /// written before the money deliver freely, so `fundsRequired` is off unless a test asks for it.
    @discardableResult
    func addSubstation(code: String = "sh-test", parent: String? = nil, commission: Int = 500, fundsRequired: Bool = false) throws -> Substation {
        let station = try store.addSubstation(Substation(code: code, name: "测试分站", domain: "\(code).example.cn", commissionBasisPoints: commission,
                                                         createdAt: Date()), parentCode: parent, by: admin).0
        if !fundsRequired { try rawExecute("UPDATE substations SET funds_required = 0 WHERE code = '\(code)'") }
        return station
    }

    @discardableResult
    func importKeys(_ secrets: [String], sku: String = "QQ-100", numbers: [String]? = nil) throws -> ImportOutcome {
        let keys = secrets.enumerated().map { CardKeyPlaintext(number: numbers?[$0.offset], secret: $0.element, sourceLine: $0.offset + 1) }
        return try store.importKeys(keys, productSKU: sku, source: ImportSource(fileName: "test.txt", contentDigest: UUID().uuidString), by: admin)
    }

    func order(_ no: String, product: Product, station: Substation, quantity: Int = 1, status: OrderStatus = .pending) -> Order {
        Order(orderNo: no, substationId: station.id!, buyer: "buyer-\(no)", ip: "10.0.0.1", device: "dev-1", productId: product.id!,
              quantity: quantity, amount: Money(fen: 9_900) * quantity, status: status, createdAt: Date())
    }

    /// Enrols `staff`'s authenticator (once) and returns a fresh code with the time to use it at:
    /// each call moves one 30-second step further, so no code is ever a replay.
    func stepUp(_ staff: Staff) throws -> (code: String, now: Date) {
        if totpSecrets[staff.userName] == nil {
            let enrolment = try store.enrolTOTP(for: staff)
            totpSecrets[staff.userName] = Base32.decode(enrolment.secretBase32)!
        }
        stepUpClock.addTimeInterval(30)
        return (TOTP.code(secret: totpSecrets[staff.userName]!, at: stepUpClock), stepUpClock)
    }

    /// The secret enrolled for `user` by `stepUp`, for tests that compute their own codes.
    func totpSecret(_ user: String) -> Data? { totpSecrets[user] }

    /// Adds a staff member as the admin, with the step-up that needs.
    @discardableResult
    func addStaff(_ name: String, role: Role) throws -> Staff {
        let (code, now) = try stepUp(admin)
        return try store.addStaff(userName: name, role: role, by: admin, stepUp: code, now: now)
    }

    /// Runs raw SQL outside the store's API, as a person with sqlite3 (or an attacker with the file) could.
    func rawExecute(_ sql: String) throws {
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}
