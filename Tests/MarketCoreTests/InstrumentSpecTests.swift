import Testing
@testable import MarketCore

/// The simulator's BTCUSDT spec, used across tests.
func btcusdt() throws -> InstrumentSpec {
    try InstrumentSpec(
        symbol: "BTCUSDT", kind: .linear, tickSize: Price(parsing: "0.1"), quantityStep: Quantity(parsing: "0.001"),
        minOrderValue: 1, maxOrderQuantity: 100_000, minPrice: Price(parsing: "0.1"), maxPrice: 2_000_000,
        settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "BTC")
}

func btcusd() throws -> InstrumentSpec {
    try InstrumentSpec(
        symbol: "BTCUSD", kind: .inverse, tickSize: Price(parsing: "0.5"), quantityStep: 1,
        minOrderValue: 0, maxOrderQuantity: 1_000_000, minPrice: Price(parsing: "0.5"), maxPrice: 2_000_000,
        contractSize: 1, priceScale: 4, valueScale: 8, settleCurrency: "BTC", quoteCurrency: "USD", baseCurrency: "BTC")
}

@Test func sideAwareRounding() throws {
    let spec = try btcusdt()
    let p = try Price(parsing: "65000.17")
    #expect(spec.roundPrice(p, side: .buy) == (try Price(parsing: "65000.1")))
    #expect(spec.roundPrice(p, side: .sell) == (try Price(parsing: "65000.2")))
    let onGrid = try Price(parsing: "65000.1")
    #expect(spec.roundPrice(onGrid, side: .buy) == onGrid)
    #expect(spec.roundPrice(onGrid, side: .sell) == onGrid)
    #expect(spec.roundQuantity(try Quantity(parsing: "0.0129")) == (try Quantity(parsing: "0.012")))
}

@Test func negativeRoundingStaysOnGrid() throws {
    let step = try Price(parsing: "0.5")
    let v = try Price(parsing: "-1.2")
    #expect(v.roundedDown(toMultipleOf: step) == (try Price(parsing: "-1.5")))
    #expect(v.roundedUp(toMultipleOf: step) == (try Price(parsing: "-1")))
}

@Test func orderValidation() throws {
    let spec = try btcusdt()
    #expect(throws: InstrumentError.priceOffTick(try Price(parsing: "65000.05"))) {
        try spec.validateOrder(price: Price(parsing: "65000.05"), quantity: Quantity(parsing: "0.01"))
    }
    #expect(throws: InstrumentError.quantityOffStep(try Quantity(parsing: "0.0105"))) {
        try spec.validateOrder(price: Price(parsing: "65000"), quantity: Quantity(parsing: "0.0105"))
    }
    #expect(throws: InstrumentError.self) {
        try spec.validateOrder(price: Price(parsing: "10"), quantity: Quantity(parsing: "0.001"))  // value 0.01 < 1
    }
    #expect(throws: InstrumentError.priceTooHigh(3_000_000)) {
        try spec.validateOrder(price: 3_000_000, quantity: Quantity(parsing: "0.01"))
    }
    try spec.validateOrder(price: Price(parsing: "65000.1"), quantity: Quantity(parsing: "0.01"))
}

@Test func invalidSpecsAreRefused() {
    #expect(throws: InstrumentError.self) {
        try InstrumentSpec(
            symbol: "X", kind: .linear, tickSize: .zero, quantityStep: 1, minOrderValue: 0, maxOrderQuantity: 10,
            minPrice: 0, maxPrice: 10, settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "X")
    }
    #expect(throws: InstrumentError.self) {
        try InstrumentSpec(
            symbol: "X", kind: .linear, tickSize: 1, quantityStep: 1, minOrderValue: 0, maxOrderQuantity: 10,
            minPrice: 10, maxPrice: 5, settleCurrency: "USDT", quoteCurrency: "USDT", baseCurrency: "X")
    }
}

@Test func notionalLinearAndInverse() throws {
    let lin = try btcusdt()
    #expect(lin.notional(price: 65000, quantity: try Quantity(parsing: "0.01")) == 650)
    let inv = try btcusd()
    // 65000 contracts of 1 USD at 65000 USD/BTC = 1 BTC.
    #expect(inv.notional(price: 65000, quantity: 65000) == 1)
    #expect(inv.quoteNotional(price: 65000, quantity: 100) == 100)
}

@Test func scaledConversions() throws {
    #expect(try Price(scaled: 650005000, scale: 4) == (try Price(parsing: "65000.5")))
    #expect(try Money(scaled: 12345, scale: 8).description == "0.00012345")
    #expect((try Price(parsing: "65000.5")).scaled(to: 4) == 650005000)
    #expect((try Price(parsing: "0.00001")).scaled(to: 4) == nil)  // digits would be lost
    #expect(throws: DecimalParseError.overflow) { try Price(scaled: Int64.max, scale: 0) }
}

@Test func overflowIsTypedNotTrapped() throws {
    #expect(throws: DecimalParseError.overflow) { try Money(parsing: "9223372037") }
    #expect(try Money(parsing: "9223372036.854775807").raw == Int64.max)
    #expect(try Money(parsing: "-9223372036.854775808").raw == Int64.min)
    #expect(throws: DecimalParseError.overflow) { try Money(parsing: "-9223372036.854775809") }
    let big = Money(raw: Int64.max)
    #expect(big.adding(Money(raw: 1)) == nil)
    #expect(Money.product(big, Price(units: 2)!) == nil)
    #expect(Money.quotient(big, Price.zero) == nil)
}

@Test func clientOrderIDValidation() {
    #expect(ClientOrderID("mm1-000012") != nil)
    #expect(ClientOrderID("a_b-C9") != nil)
    #expect(ClientOrderID("") == nil)
    #expect(ClientOrderID(String(repeating: "a", count: 41)) == nil)
    #expect(ClientOrderID(String(repeating: "a", count: 40)) != nil)
    #expect(ClientOrderID("bad id") == nil)
    #expect(ClientOrderID("bad.id") == nil)
}

@Test func topOfBookMid() throws {
    let t = TopOfBook(
        symbol: "BTCUSDT", bidPrice: try Price(parsing: "65000"), bidSize: 1, askPrice: try Price(parsing: "65000.1"),
        askSize: 1, sequence: 1, time: .zero)
    #expect(t.mid == (try Price(parsing: "65000.05")))
}

@Test func seededRandomIsDeterministic() {
    var a = SeededRandom(seed: 42)
    var b = SeededRandom(seed: 42)
    for _ in 0..<10 { #expect(a.next() == b.next()) }
}
