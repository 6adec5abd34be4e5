import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite

/// A scratch store with one product, `keys` available keys and `orders` paid orders of one key each.
struct BenchFixture {
    let directory: String
    let databasePath: String
    let keyFilePath: String

    static func make(orders: Int, keys: Int, in directory: String, name: String) throws -> BenchFixture {
        let dbDir = directory + "/\(name)"
        try FileManager.default.createDirectory(atPath: dbDir, withIntermediateDirectories: true)
        let fixture = BenchFixture(directory: directory, databasePath: dbDir + "/bench.sqlite", keyFilePath: directory + "/bench.key")
        let store = try SQLiteStore.create(at: fixture.databasePath, keyFilePath: fixture.keyFilePath, adminUser: "bench")
        let admin = try store.staff(userName: "bench")
        let product = try store.addProduct(Product(sku: "BENCH-1", name: "基准测试商品", category: .gameCard, faceValue: Money(fen: 1_000),
                                                   cost: Money(fen: 900), prices: MemberPrices(retail: Money(fen: 990), vip: Money(fen: 980), agent: Money(fen: 950)),
                                                   lowStockThreshold: 0), by: admin)
        let station = try store.addSubstation(Substation(code: "bench", name: "基准分站", domain: "bench.example.cn", commissionBasisPoints: 500, createdAt: Date()),
                                              parentCode: nil, by: admin).0
        // Funds are required (every new substation's default) and ample: each delivery is checked and charged.
        _ = try store.topUp(substation: "bench", amount: Money(fen: 1_000_000_000_000), reference: "bench", actor: "bench")
        var rng = SeededRandom(seed: 7)
        let plaintexts = (0..<keys).map { CardKeyPlaintext(number: rng.digitString(length: 12), secret: "BK\(rng.secret(length: 18))\($0)", sourceLine: $0 + 1) }
        _ = try store.importKeys(plaintexts, productSKU: "BENCH-1", source: ImportSource(fileName: "bench.txt", contentDigest: "bench"), by: admin)
        let now = Date()
        for start in stride(from: 0, to: orders, by: 50_000) {
            let chunk = (start..<min(orders, start + 50_000)).map { i in
                Order(orderNo: "B\(i)", substationId: station.id!, buyer: "b\(i % 997)", ip: "10.0.\(i % 250).1", device: "d\(i % 991)",
                      productId: product.id!, quantity: 1, amount: Money(fen: 990), paymentMethod: .alipay, status: .paid,
                      createdAt: now, paidAt: now)
            }
            try store.createOrders(chunk)
        }
        try store.checkpoint()
        return fixture
    }

    /// A byte-for-byte copy of the fixture's database, so two contenders start from the same state.
    func copy(named name: String) throws -> String {
        let target = directory + "/\(name)"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let path = target + "/bench.sqlite"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: databasePath, toPath: path)
        return path
    }
}
