import MarketCore
import Testing
@testable import OrderTracking

/// The transition table: every allowed edge goes where the spec says, every other pair is refused.
@Suite struct LifecycleTableTests {
    /// The specification, written independently of `OrderLifecycle.edges`.
    static let spec: [String: OrderState] = [
        "PendingNew+accepted": .new, "PendingNew+partialFill": .partiallyFilled, "PendingNew+fill": .filled,
        "PendingNew+canceled": .canceled, "PendingNew+rejected": .rejected, "PendingNew+unknownOutcome": .unknown,
        "PendingNew+sendCancel": .pendingCancel,
        "New+partialFill": .partiallyFilled, "New+fill": .filled, "New+sendAmend": .pendingReplace,
        "New+sendCancel": .pendingCancel, "New+canceled": .canceled,
        "PartiallyFilled+partialFill": .partiallyFilled, "PartiallyFilled+fill": .filled,
        "PartiallyFilled+sendAmend": .pendingReplace, "PartiallyFilled+sendCancel": .pendingCancel,
        "PartiallyFilled+canceled": .canceled,
        "PendingReplace+replaced": .new, "PendingReplace+amendRejected": .new, "PendingReplace+partialFill": .pendingReplace,
        "PendingReplace+fill": .filled, "PendingReplace+canceled": .canceled, "PendingReplace+sendCancel": .pendingCancel,
        "PendingReplace+unknownOutcome": .unknown,
        "PendingCancel+canceled": .canceled, "PendingCancel+cancelRejected": .new, "PendingCancel+partialFill": .pendingCancel,
        "PendingCancel+fill": .filled, "PendingCancel+accepted": .pendingCancel, "PendingCancel+replaced": .pendingCancel,
        "PendingCancel+rejected": .rejected, "PendingCancel+unknownOutcome": .unknown,
        "Unknown+accepted": .new, "Unknown+partialFill": .partiallyFilled, "Unknown+fill": .filled, "Unknown+replaced": .new,
        "Unknown+canceled": .canceled, "Unknown+rejected": .rejected, "Unknown+notFound": .canceled,
        "Unknown+resend": .pendingNew, "Unknown+sendCancel": .pendingCancel,
        "Canceled+partialFill": .canceled, "Canceled+fill": .filled,
    ]

    @Test(arguments: OrderState.allCases, OrderEvent.allCases)
    func pair(_ state: OrderState, _ event: OrderEvent) {
        let key = "\(state.rawValue)+\(event.rawValue)"
        #expect(OrderLifecycle.next(state, event) == Self.spec[key], "\(key)")
    }

    @Test func tableHasExactlyTheSpecifiedEdges() {
        #expect(OrderLifecycle.edges.count == Self.spec.count)
        var refused = 0
        for s in OrderState.allCases {
            for e in OrderEvent.allCases where OrderLifecycle.next(s, e) == nil { refused += 1 }
        }
        #expect(refused == OrderState.allCases.count * OrderEvent.allCases.count - Self.spec.count)
    }

    @Test func terminalStatesRefuseEverythingButRacingFills() {
        for e in OrderEvent.allCases {
            #expect(OrderLifecycle.next(.filled, e) == nil)
            #expect(OrderLifecycle.next(.rejected, e) == nil)
        }
    }

    @Test func workingTargetBecomesPartiallyFilledWhenFilled() {
        let req = OrderRequest(clientOrderID: ClientOrderID("a-1")!, symbol: "BTCUSDT", side: .buy, price: 65000, quantity: 1)
        var o = TrackedOrder(id: req.clientOrderID, sequence: 1, role: .quote, request: req, level: 0, isRisk: false, tag: nil, now: .zero)
        let a = o.apply(.accepted, now: .zero)
        let b = o.apply(.sendAmend, now: .zero)
        _ = o.recordFill(executionID: "e1", quantity: Quantity(raw: 1))
        let c = o.apply(.replaced, now: .zero)
        #expect(a && b && c)
        #expect(o.state == .partiallyFilled)
    }

    @Test func fillsAreDeduplicatedAndClamped() {
        let req = OrderRequest(clientOrderID: ClientOrderID("a-1")!, symbol: "BTCUSDT", side: .buy, price: 65000, quantity: 2)
        var o = TrackedOrder(id: req.clientOrderID, sequence: 1, role: .quote, request: req, level: 0, isRisk: false, tag: nil, now: .zero)
        let f1 = o.recordFill(executionID: "e1", quantity: 1)
        let f2 = o.recordFill(executionID: "e1", quantity: 1)
        let f3 = o.recordFill(executionID: "e2", quantity: 5)
        #expect(f1 == 1 && f2 == .zero && f3 == 1)
        #expect(o.filledQuantity == 2)
        o.syncCumulative(7)
        #expect(o.filledQuantity == 2)
    }
}
