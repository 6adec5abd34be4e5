import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite
import KamengVault

/// The ingest benchmark's untimed setup: a store with products, ample sealed stock, substations (their
/// secrets kept) and one blacklisted device; and the signed JSON Lines file, each order followed by its
/// payment. Buyers, IPs and devices recur far apart (≥ 800 s), so the risk rules stay quiet except on
/// the blacklisted device: every 200th order comes from it and is held.
struct IngestBenchSetup {
    let store: SQLiteStore
    let admin: Staff
    let file: String

    static let user = "bench"
    static let buyers = 80_000
    static let spacing = 0.010     // seconds between orders: 80,000 buyers recur every 800 s > the 600 s window

    static func make(orders: Int, substations: Int, products: Int, lag: Int, in directory: String) throws -> IngestBenchSetup {
        let store = try SQLiteStore.create(at: directory + "/store/bench.sqlite", keyFilePath: directory + "/bench.key", adminUser: user)
        let admin = try store.staff(userName: user)
        let prices = (0..<products).map { Int64(500 + 1_700 * $0) }
        var needed = [Int](repeating: 0, count: products)
        for i in 0..<orders { needed[product(i, products)] += quantity(i) }
        var rng = SeededRandom(seed: 11)
        for p in 0..<products {
            let sku = "ING-\(p)"
            _ = try store.addProduct(Product(sku: sku, name: "接入基准\(p)", category: .gameCard, faceValue: Money(fen: prices[p]),
                                             cost: Money(fen: prices[p] * 9 / 10),
                                             prices: MemberPrices(retail: Money(fen: prices[p]), vip: Money(fen: prices[p]), agent: Money(fen: prices[p])),
                                             lowStockThreshold: 10), by: admin)
            let stock = needed[p] + needed[p] / 20 + 50
            let keys = (0..<stock).map { CardKeyPlaintext(number: nil, secret: "IB\(p)-\(rng.secret(length: 16))-\($0)", sourceLine: $0 + 1) }
            _ = try store.importKeys(keys, productSKU: sku, source: ImportSource(fileName: "\(sku).txt", contentDigest: sku), by: admin)
        }
        var secrets: [String] = []
        for s in 0..<substations {
            let (_, secret) = try store.addSubstation(Substation(code: "st\(s)", name: "基准分站\(s)", domain: "st\(s).bench.example.cn",
                                                                 commissionBasisPoints: 500, createdAt: Date()), parentCode: nil, by: admin)
            // Funds are required (every new substation's default) and ample: each delivery is checked and charged.
            _ = try store.topUp(substation: "st\(s)", amount: Money(fen: 1_000_000_000_000), reference: "bench-\(s)", actor: "bench")
            secrets.append(secret)
        }
        try store.addToBlacklist(.device, value: "bench-bad", reason: "benchmark", by: admin)
        let file = directory + "/bench.jsonl"
        try writeFile(file, orders: orders, substations: substations, products: products, prices: prices, secrets: secrets, lag: lag)
        // The API benchmark signs its requests with them (its lines are this file's, already signed).
        try (secrets.joined(separator: "\n") + "\n").write(toFile: directory + "/secrets.txt", atomically: true, encoding: .utf8)
        try store.checkpoint()
        return IngestBenchSetup(store: store, admin: admin, file: file)
    }

    /// The setup kept in `pristine` (made there first when missing, or when made for other sizes),
    /// copied into `directory` so every run starts from the same state without paying for the setup again.
    static func reuse(from pristine: String, orders: Int, substations: Int, products: Int, lag: Int, in directory: String) throws -> IngestBenchSetup {
        let stamp = pristine + "/sizes", sizes = "\(orders) \(substations) \(products) \(lag) ledger"
        if (try? String(contentsOfFile: stamp, encoding: .utf8)) != sizes {
            try? FileManager.default.removeItem(atPath: pristine)
            try FileManager.default.createDirectory(atPath: pristine + "/store", withIntermediateDirectories: true)
            _ = try make(orders: orders, substations: substations, products: products, lag: lag, in: pristine)
            try sizes.write(toFile: stamp, atomically: true, encoding: .utf8)
        }
        for name in ["store/bench.sqlite", "bench.key", "bench.jsonl", "secrets.txt"] {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
            try FileManager.default.copyItem(atPath: pristine + "/" + name, toPath: directory + "/" + name)
            // On disk before the clock starts: otherwise the run's first checkpoint pays for the copy.
            let fd = open(directory + "/" + name, O_RDONLY)
            if fd >= 0 { fsync(fd); close(fd) }
        }
        let store = try SQLiteStore.open(at: directory + "/store/bench.sqlite", keyFilePath: directory + "/bench.key")
        return IngestBenchSetup(store: store, admin: try store.staff(userName: user), file: directory + "/bench.jsonl")
    }

    static func product(_ i: Int, _ products: Int) -> Int { (i / 7 + i) % products }
    static func quantity(_ i: Int) -> Int { i % 10 == 9 ? 2 : 1 }

    /// The file's lines in order: order `i` as `i + 1`, its payment as `-(i + 1)`. Each payment follows
    /// its order `lag` orders later (at once when 0), then the payments still owed close the file.
    static func lineOrder(orders: Int, lag: Int) -> [Int] {
        var lines: [Int] = []
        lines.reserveCapacity(2 * orders)
        for i in 0..<orders {
            lines.append(i + 1)
            if i >= lag { lines.append(-(i - lag + 1)) }
        }
        for i in max(0, orders - lag)..<orders { lines.append(-(i + 1)) }
        return lines
    }

    private static func writeFile(_ path: String, orders: Int, substations: Int, products: Int, prices: [Int64], secrets: [String],
                                  lag: Int) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? out.close() }
        let base = Date().addingTimeInterval(-Double(orders) * spacing - 60)
        var buffer = ""
        for line in lineOrder(orders: orders, lag: lag) {
            let i = abs(line) - 1
            let s = i % substations, p = product(i, products), q = quantity(i), b = i % buyers
            let at = base.addingTimeInterval(Double(i) * spacing)
            let orderNo = "IB\(i)"
            let amount = Money(fen: prices[p] * Int64(q))
            let payload: IntakePayload
            if line > 0 {
                let device = i % 200 == 199 ? "bench-bad" : "dev-\(b)"
                payload = .order(IntakeOrder(orderNo: orderNo, product: "ING-\(p)", quantity: q, amount: amount, buyer: "u\(b)",
                                             ip: "10.\(b >> 16).\((b >> 8) & 255).\(b & 255)", device: device, at: at))
            } else {
                payload = .payment(IntakePayment(orderNo: orderNo, amount: amount, method: .alipay, txn: "ali-\(i)",
                                                 at: at.addingTimeInterval(0.004 + Double(lag) * spacing)))
            }
            buffer += IntakeSigner.line(payload, substation: "st\(s)", secret: secrets[s]) + "\n"
            if buffer.utf8.count > 1 << 20 {
                try out.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try out.write(contentsOf: Data(buffer.utf8))
    }
}
