import MarketCore

// Conversions to the shared MarketCore vocabulary, for in-process drivers and tests that want
// `ExchangeEvent`s without going through the wire.

extension SimOrderEvent {
    /// The event as an `ExecutionReport` (fills carry a `Fill`).
    public var executionReport: ExecutionReport {
        let kind: ExecutionReport.Kind
        var fill: Fill? = nil
        switch execStatus {
        case .makerFill, .takerFill:
            kind = .fill
            fill = Fill(
                executionID: execID, quantity: execQty, price: execPrice, fee: execFee,
                liquidity: liquidity ?? (execStatus == .makerFill ? .maker : .taker))
        case .canceled, .expired: kind = .canceled
        case .createRejected: kind = .rejected
        case .replaced: kind = .replaced
        default:
            switch order.ordStatus {
            case .triggered: kind = .triggered
            case .new, .untriggered: kind = .accepted
            case .canceled, .deactivated: kind = .canceled
            case .rejected: kind = .rejected
            default: kind = .status
            }
        }
        var r = order.executionReport(kind: kind, time: time)
        r.fill = fill
        r.errorCode = code != 0 ? code : cxlRejReason
        r.reason = message == "No error" ? nil : message
        return r
    }
}

extension SimOrder {
    /// The order state as an `ExecutionReport` of the given kind.
    public func executionReport(kind: ExecutionReport.Kind = .status, time: Timestamp) -> ExecutionReport {
        ExecutionReport(
            kind: kind, clientOrderID: ClientOrderID(clOrdID), orderID: orderID, symbol: symbol, side: side,
            status: ordStatus, orderType: ordType, price: price, orderQuantity: orderQty, cumulativeQuantity: cumQty,
            leavesQuantity: leavesQty, errorCode: bizError, time: time)
    }
}

extension SimPosition {
    /// The row as a `PositionReport` (signed size).
    public var positionReport: PositionReport {
        PositionReport(
            symbol: symbol, positionSide: posSide, size: signedSize, averageEntryPrice: avgEntryPrice,
            markPrice: markPrice, realizedPnL: cumClosedPnl, unrealizedPnL: unrealizedPnl, leverage: leverage,
            time: transactTime)
    }
}

extension SimAccountSnapshot {
    /// The wallet as a `BalanceReport`.
    public func balanceReport(time: Timestamp) -> BalanceReport {
        BalanceReport(currency: currency, balance: balance, used: totalUsedBalance, time: time)
    }
}

extension SimBookSnapshot {
    /// Best levels as a `TopOfBook`.
    public var topOfBook: TopOfBook {
        TopOfBook(
            symbol: symbol, bidPrice: bids.first?.price, bidSize: bids.first?.size, askPrice: asks.first?.price,
            askSize: asks.first?.size, sequence: sequence, time: timestamp)
    }
}

extension SimTradeBatch {
    /// The prints as `TradeTick`s.
    public var tradeTicks: [TradeTick] {
        trades.map { TradeTick(symbol: symbol, side: $0.side, price: $0.price, quantity: $0.size, time: $0.time) }
    }
}

extension SimMarkTick {
    /// As a `MarkPriceTick`.
    public var markPriceTick: MarkPriceTick {
        MarkPriceTick(symbol: symbol, markPrice: markPrice, indexPrice: indexPrice, fundingRate: fundingRate, time: time)
    }
}
