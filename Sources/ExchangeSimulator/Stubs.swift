import MarketCore

extension ExchangeSimulator {
    func symbolIdx(_ s: Symbol) throws(SimReject) -> Int {
        guard let i = symbolIndex[s] else { throw SimReject(code: 11027, message: "TE_SYMBOL_INVALID") }
        return i
    }
    static let notImplemented = SimReject(code: 10500, message: "not implemented")
    mutating func initialFill(_ i: Int, now: Timestamp) {}
    mutating func advanceImpl(to now: Timestamp) -> [SimEvent] { drainEvents() }
    func bookSnapshotImpl(symbol: Symbol, depth: Int?) -> SimBookSnapshot? { nil }
    func tickerImpl(symbol: Symbol) -> SimTicker? { nil }
    func markTickValue(_ i: Int, time: Timestamp) -> SimMarkTick {
        let s = symbols[i]
        return SimMarkTick(symbol: s.instrument.symbol, markPrice: s.markPrice, indexPrice: s.indexPrice,
                           fundingRate: Money(raw: 100_000), predictedFundingRate: Money(raw: 100_000), time: time)
    }
    mutating func setMarkImpl(_ i: Int, price: Price, now: Timestamp) {}
    mutating func flushOperation(now: Timestamp) {}
    mutating func marketSweep(_ i: Int, side: Side, qty: Int64, limitTicks: Int64?, now: Timestamp) -> Int64 { 0 }
    mutating func placeImpl(user: Int64, _ r: SimPlaceOrder, now: Timestamp) -> Result<SimOrder, SimReject> { .failure(Self.notImplemented) }
    mutating func amendImpl(user: Int64, _ r: SimAmendOrder, now: Timestamp) -> Result<SimOrder, SimReject> { .failure(Self.notImplemented) }
    mutating func cancelImpl(user: Int64, symbol: Symbol, ref: SimOrderRef, now: Timestamp) -> Result<SimOrder, SimReject> { .failure(Self.notImplemented) }
    mutating func cancelAllImpl(user: Int64, symbol: Symbol?, untriggered: Bool, now: Timestamp) -> Result<Int, SimReject> { .failure(Self.notImplemented) }
    func openOrdersImpl(user: Int64, symbol: Symbol?) -> Result<[SimOrder], SimReject> { .failure(Self.notImplemented) }
    func queryImpl(user: Int64, symbol: Symbol?, refs: [SimOrderRef]) -> Result<[SimOrder], SimReject> { .failure(Self.notImplemented) }
    func accountPositionsImpl(user: Int64, currency: String, now: Timestamp) -> Result<SimAccountPositions, SimReject> { .failure(Self.notImplemented) }
    mutating func setLeverageImpl(user: Int64, _ r: SimSetLeverage, now: Timestamp) -> Result<Bool, SimReject> { .failure(Self.notImplemented) }
    mutating func setModeImpl(user: Int64, symbol: Symbol, mode: PositionMode, now: Timestamp) -> Result<Bool, SimReject> { .failure(Self.notImplemented) }
    func privateSnapshotImpl(user: Int64, kind: ContractKind, now: Timestamp) -> SimPrivateUpdate? { nil }
}
