import Foundation
import KamengDomain
import KamengStorage

/// What the orders pane asks of the storage: pages of the list, an order's detail, a reveal, an action.
public struct OrdersClient: Sendable {
    public var page: @Sendable (OrdersRequest) async throws(StoreError) -> [OrderSummary]
    public var detail: @Sendable (OrderSummary) async throws(StoreError) -> OrderDetail
    public var reveal: @Sendable (_ orderId: Int64, _ reason: String, _ code: String) async throws(StoreError) -> [ShownKey]
    public var act: @Sendable (OrderAction, _ orderId: Int64, _ code: String?) async throws(StoreError) -> String
}

extension OrdersFeature {
    static func live(_ session: ConsoleSession) -> OrdersClient {
        let engine = session.engine
        return OrdersClient(
            page: { request throws(StoreError) in try await engine.orders(query: request.query, after: request.after, limit: request.limit) },
            detail: { summary throws(StoreError) in try await session.orderDetail(summary) },
            reveal: { orderId, reason, code throws(StoreError) in try await session.revealKeys(orderId: orderId, reason: reason, code: code) },
            act: { action, orderId, code throws(StoreError) in try await session.act(action, orderId: orderId, code: code) })
    }

    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> OrdersClient {
        OrdersClient(
            page: { _ throws(StoreError) in throw unimplementedCall("orders.page", report) },
            detail: { _ throws(StoreError) in throw unimplementedCall("orders.detail", report) },
            reveal: { _, _, _ throws(StoreError) in throw unimplementedCall("orders.reveal", report) },
            act: { _, _, _ throws(StoreError) in throw unimplementedCall("orders.act", report) })
    }

    /// Pages and details on the query lane (a key waits for them); reveals and actions on the work lane.
    static func perform(_ effect: OrdersEffect, _ client: OrdersClient, _ runner: EffectRunner<OrdersAnswer>) {
        let post = runner.post, language = runner.language
        switch effect {
        case .load(let request):
            let job: SerialLane.Job = {
                do throws(StoreError) { post(.loaded(request, try await client.page(request))) } catch {
                    post(.loadFailed(request, message: error.text(language)))
                }
            }
            if request.followsCommit { runner.refresh(job) } else { runner.query(job) }
        case .loadDetail(let summary):
            runner.query {
                do throws(StoreError) { post(.detailLoaded(try await client.detail(summary))) } catch { post(.detailFailed(error.text(language))) }
            }
        case let .reveal(orderId, reason, code, token):
            runner.work {
                do throws(StoreError) {
                    post(.revealed(orderId: orderId, keys: try await client.reveal(orderId, reason, code), token: token))
                } catch {
                    post(.revealFailed(error.text(language)))
                }
            }
        case let .act(action, orderId, code):
            runner.work {
                do throws(StoreError) {
                    post(.acted(action, orderId: orderId, outcome: try await client.act(action, orderId, code)))
                } catch .stepUpRequired {
                    post(.actionNeedsCode(action, orderId: orderId))
                } catch {
                    post(.actionFailed(error.text(language)))
                }
            }
        case let .hideRevealAfter(seconds, token):
            runner.post(.hideReveal(token: token), after: seconds)
        }
    }
}
