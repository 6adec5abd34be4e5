import Foundation
import KamengDomain
import KamengImport
import KamengStorage

// MARK: InventoryOperations
extension SQLiteEngine {
    public func products() async throws(StoreError) -> [Product] {
        try await run { store in try store.products() }
    }

    public func product(sku: String) async throws(StoreError) -> Product {
        try await run { store in try store.product(sku: sku) }
    }

    public func addProduct(_ product: Product, by actor: Staff) async throws(StoreError) -> Product {
        try await run { store in try store.addProduct(product, by: actor) }
    }

    public func stockLevels(countingExpiry: Bool) async throws(StoreError) -> [StockLevel] {
        try await run { store in try store.stockLevels(countingExpiry: countingExpiry) }
    }

    public func dailySales(days: Int, now: Date) async throws(StoreError) -> [String: [Int]] {
        try await run { store in try store.dailySales(days: days, now: now) }
    }

    public func stockAlertAcks() async throws(StoreError) -> [String: StockAlertAck] {
        try await run { store in try store.stockAlertAcks() }
    }

    public func acknowledgeStockAlert(sku: String, snoozeUntil: Date?, by actor: Staff) async throws(StoreError) {
        try await run { store in try store.acknowledgeStockAlert(sku: sku, snoozeUntil: snoozeUntil, by: actor) }
    }

    public func setLowStockThreshold(sku: String, to threshold: Int, by actor: Staff) async throws(StoreError) {
        try await run { store in try store.setLowStockThreshold(sku: sku, to: threshold, by: actor) }
    }

    public func batches(limit: Int) async throws(StoreError) -> [BatchSummary] {
        try await run { store in
            try store.batches(limit: limit).map { entry in
                let batch = entry.batch
                return BatchSummary(id: batch.id, sku: entry.productSKU, fileName: batch.fileName, importedAt: batch.importedAt,
                                    importedBy: batch.importedBy, accepted: batch.accepted,
                                    duplicates: batch.duplicateInFile + batch.duplicateInStore, rejected: batch.rejected,
                                    available: entry.available, voided: batch.status == .voided,
                                    duplicateInFile: batch.duplicateInFile, duplicateInStore: batch.duplicateInStore,
                                    skipped: batch.skipped, contentDigest: batch.contentDigest)
            }
        }
    }

    public func voidBatch(id: Int64, by actor: Staff, stepUp code: String?) async throws(StoreError) -> Int {
        try await run { store in try store.voidBatch(id: id, by: actor, stepUp: code) }
    }

    /// Also stops (nothing written, `.importCancelled`) when the calling task is cancelled.
    public func importFile(_ request: FileImportRequest, by actor: Staff,
                           progress: @escaping @Sendable (ImportProgress) -> Void,
                           isCancelled: @escaping @Sendable () -> Bool) async throws(StoreError) -> ImportOutcome {
        let store = self.store
        let taskCancelled = Flag()
        let result = await withTaskCancellationHandler {
            await Self.offPool {
                try store.importFile(request, by: actor, progress: progress, isCancelled: { taskCancelled.isSet || isCancelled() })
            }
        } onCancel: {
            taskCancelled.set()
        }
        return try result.get()
    }
}

/// A flag one thread sets and another polls (a task's cancellation, seen from the engine's queue).
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
