import Foundation
import MarketCore
import Testing

@testable import PhemexConnector

@Suite struct SubscriptionPlannerTests {
    static func symbols(_ n: Int, prefix: String = "S") -> [Symbol] {
        (0..<n).map { Symbol("\(prefix)\(String(format: "%02d", $0))USDT") }
    }

    static func assertValid(_ plan: SubscriptionPlan, limits: ConnectionLimits) {
        #expect(plan.connections.count <= limits.maxConnections)
        for c in plan.connections {
            #expect(c.count <= limits.maxSubscriptionsPerConnection)
            #expect(c.count <= 20)
        }
        let all = plan.connections.flatMap { $0 }
        #expect(Set(all).count == all.count, "a subscription appears twice")
    }

    @Test func sixtySymbolsBookOnlyFitInFourConnections() throws {
        let limits = ConnectionLimits()  // 15 per connection, 5 connections
        let plan = try SubscriptionPlanner.plan(
            symbols: Self.symbols(60).map { ($0, .linear) }, trades: false, tickers: false, limits: limits)
        Self.assertValid(plan, limits: limits)
        #expect(plan.connections.count == 4)
        #expect(plan.connections.map(\.count) == [15, 15, 15, 15])
        #expect(plan.count == 60)
        for s in Self.symbols(60) { #expect(plan.connectionIndex(ofBook: s) != nil) }
    }

    @Test func sixtySymbolsBookOnlyAtTwentyUseThreeConnections() throws {
        let limits = ConnectionLimits(maxSubscriptionsPerConnection: 20)
        let plan = try SubscriptionPlanner.plan(
            symbols: Self.symbols(60).map { ($0, .linear) }, trades: false, tickers: false, limits: limits)
        Self.assertValid(plan, limits: limits)
        #expect(plan.connections.map(\.count) == [20, 20, 20])
    }

    @Test func sixtySymbolsWithTradesExceedTheLimitsAndAreRefused() {
        // 60 × (book + trades) + 1 ticker = 121 > 5 × 20.
        for cap in [15, 20] {
            let limits = ConnectionLimits(maxSubscriptionsPerConnection: cap)
            #expect(throws: PhemexConnectorError.subscriptionCapacity(needed: 121, available: cap * 5)) {
                try SubscriptionPlanner.plan(symbols: Self.symbols(60).map { ($0, .linear) }, limits: limits)
            }
        }
    }

    @Test func mixedFamiliesKeepASymbolOnOneConnectionAndBalance() throws {
        let linear = Self.symbols(30).map { ($0, ContractKind.linear) }
        let inverse = (0..<6).map { (Symbol("C\($0)USD"), ContractKind.inverse) }
        let limits = ConnectionLimits(maxSubscriptionsPerConnection: 20)
        let plan = try SubscriptionPlanner.plan(symbols: linear + inverse, limits: limits)
        Self.assertValid(plan, limits: limits)
        #expect(plan.count == 36 * 2 + 2)
        #expect(plan.connections.count == 4)
        let counts = plan.connections.map(\.count)
        #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 2)
        for (s, kind) in linear + inverse {
            let holders = plan.connections.indices.filter { c in plan.connections[c].contains { $0.symbol == s } }
            #expect(holders.count == 1, "\(s) split over connections")
            let chans = plan.connections[holders[0]].filter { $0.symbol == s }.map(\.channel)
            #expect(chans.count == 2)
            #expect(chans.contains(kind == .linear ? .orderbookP : .orderbook))
        }
        let all = plan.connections.flatMap { $0 }
        #expect(all.filter { $0.channel == .tickerPackP }.count == 1)
        #expect(all.filter { $0.channel == .market24h }.count == 1)
    }

    @Test func planIsDeterministicWhateverTheInputOrder() throws {
        let syms = Self.symbols(40).map { ($0, ContractKind.linear) }
        var rng = SeededRandom(seed: 7)
        let shuffled = syms.shuffled(using: &rng)
        let a = try SubscriptionPlanner.plan(symbols: syms, limits: ConnectionLimits(maxSubscriptionsPerConnection: 20))
        let b = try SubscriptionPlanner.plan(symbols: shuffled, limits: ConnectionLimits(maxSubscriptionsPerConnection: 20))
        #expect(a == b)
    }

    @Test func limitsAreClampedToTheExchangeMaximums() {
        let l = ConnectionLimits(maxSubscriptionsPerConnection: 50, maxConnections: 9, maxRequestsPerSecond: 100)
        #expect(l.maxSubscriptionsPerConnection == 20)
        #expect(l.maxConnections == 5)
        #expect(l.maxRequestsPerSecond == 20)
    }

    @Test func emptyPlanHasNoConnections() throws {
        let plan = try SubscriptionPlanner.plan(symbols: [], limits: ConnectionLimits())
        #expect(plan.connections.isEmpty)
    }
}
