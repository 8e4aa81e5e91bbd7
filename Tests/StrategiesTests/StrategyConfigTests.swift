import Foundation
import MarketCore
import Testing
@testable import Strategies

@Suite struct StrategyConfigTests {
    typealias F = Fixture

    @Test func pureConfigDecodesWithDefaults() throws {
        let cfg = try F.decodeConfig(
            #"{"strategy":"pure_market_making","symbol":"BTCUSDT","bid_spread":0.05,"ask_spread":"0.1","order_amount":0.01,"order_refresh_time":5.5}"#
        )
        guard case .pureMarketMaking(let c) = cfg else {
            Issue.record("wrong case")
            return
        }
        #expect(c.bidSpread == Fraction(raw: 500_000))
        #expect(c.askSpread == Fraction(raw: 1_000_000))
        #expect(c.orderAmount == F.q("0.01"))
        #expect(c.orderRefreshTime == Nanoseconds(5_500_000_000))
        #expect(c.orderLevels == 1 && c.maxOrderAge == .seconds(1800) && c.filledOrderDelay == .seconds(60))
        #expect(c.minimumSpread == Fraction(percent: -100) && c.priceCeiling == -1 && c.priceType == .midPrice)
        #expect(cfg.validate().isEmpty)
        #expect(cfg.symbols == ["BTCUSDT"])
        let strategy = try StrategyFactory.make(cfg)
        #expect(type(of: strategy).name == "pure_market_making")
    }

    @Test func unknownKeyIsRefusedWithItsPath() {
        do {
            _ = try F.decodeConfig(
                #"{"strategy":"pure_market_making","symbol":"BTCUSDT","bid_spread":0.05,"ask_spread":0.05,"order_amount":0.01,"bid_sprad":1}"#
            )
            Issue.record("accepted an unknown key")
        } catch let DecodingError.dataCorrupted(ctx) {
            #expect(ctx.codingPath.last?.stringValue == "bid_sprad")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func extraKeysFromTheDaemonAreAccepted() throws {
        let d = JSONDecoder()
        d.userInfo[StrategyConfig.extraKeysUserInfoKey] = ["on_resume"]
        let json = #"{"strategy":"webhook_signals","symbol":"BTCUSDT","on_resume":"adopt"}"#
        let cfg = try d.decode(StrategyConfig.self, from: Data(json.utf8))
        #expect(cfg.strategyName == "webhook_signals")
    }

    @Test func unknownStrategyAndBadValues() {
        #expect(throws: DecodingError.self) { try F.decodeConfig(#"{"strategy":"grid","symbol":"BTCUSDT"}"#) }
        #expect(throws: DecodingError.self) {
            try F.decodeConfig(#"{"strategy":"pure_market_making","symbol":"BTCUSDT","bid_spread":"x","ask_spread":0.05,"order_amount":0.01}"#)
        }
        #expect(throws: DecodingError.self) {
            try F.decodeConfig(#"{"strategy":"pure_market_making","symbol":"BTCUSDT","ask_spread":0.05,"order_amount":0.01}"#)
        }
        #expect(throws: DecodingError.self) {
            try F.decodeConfig(
                #"{"strategy":"pure_market_making","symbol":"BTCUSDT","bid_spread":1,"ask_spread":0.05,"order_amount":0.01,"price_type":"vwap"}"#)
        }
    }

    @Test func validationNamesTheKey() throws {
        let cfg = try F.decodeConfig(
            #"{"strategy":"pure_market_making","symbol":"BTCUSDT","bid_spread":-0.05,"ask_spread":0.05,"order_amount":0,"order_levels":0,"order_refresh_time":0,"price_floor":70000,"price_ceiling":60000}"#
        )
        let keys = cfg.validate().map(\.key)
        #expect(keys.contains("bid_spread"))
        #expect(keys.contains("order_amount"))
        #expect(keys.contains("order_levels"))
        #expect(keys.contains("order_refresh_time"))
        #expect(keys.contains("price_floor"))
        #expect(throws: StrategyFactoryError.self) { try StrategyFactory.make(cfg) }
    }

    @Test func perpetualConfig() throws {
        let cfg = try F.decodeConfig(
            #"{"strategy":"perpetual_market_making","symbol":"ETHUSDT","bid_spread":0.1,"ask_spread":0.1,"order_amount":0.5,"leverage":5,"position_mode":"hedge","long_profit_taking_spread":0.3,"stop_loss_spread":2,"time_between_stop_loss_orders":30}"#
        )
        guard case .perpetualMarketMaking(let c) = cfg else {
            Issue.record("wrong case")
            return
        }
        #expect(c.leverage == 5 && c.positionMode == .hedge)
        #expect(c.longProfitTakingSpread == F.pct("0.3") && c.stopLossSpread == F.pct("2"))
        #expect(c.timeBetweenStopLossOrders == .seconds(30))
        #expect(cfg.validate().isEmpty)
        var bad = c
        bad.leverage = 0
        bad.stopLossSpread = F.pct("-1")
        #expect(Set(bad.validate().map(\.key)) == ["leverage", "stop_loss_spread"])
        #expect(throws: DecodingError.self) {
            try F.decodeConfig(#"{"strategy":"perpetual_market_making","symbol":"ETHUSDT","bid_spread":0.1,"ask_spread":0.1,"order_amount":0.5,"position_mode":"both"}"#)
        }
    }

    @Test func avellanedaConfig() throws {
        let cfg = try F.decodeConfig(
            #"{"strategy":"avellaneda_market_making","symbol":"BTCUSDT","order_amount":0.01,"risk_factor":0.5,"min_spread":0.05,"volatility_buffer_size":30,"trading_intensity_buffer_size":50}"#
        )
        #expect(cfg.validate().isEmpty)
        guard case .avellanedaMarketMaking(var c) = cfg else {
            Issue.record("wrong case")
            return
        }
        #expect(c.riskFactor == Money("0.5")! && c.volatilityBufferSize == 30)
        c.orderLevels = 3
        c.riskFactor = .zero
        c.volatilityBufferSize = 1
        #expect(Set(c.validate().map(\.key)) == ["level_distances", "risk_factor", "volatility_buffer_size"])
    }

    @Test func webhookConfig() throws {
        let cfg = try F.decodeConfig(#"{"strategy":"webhook_signals","symbols":["BTCUSDT","BTCUSD"],"idempotency_window":30}"#)
        guard case .webhookSignals(var c) = cfg else {
            Issue.record("wrong case")
            return
        }
        #expect(c.listen == "127.0.0.1:8642" && c.tokenEnv == "MMBOT_WEBHOOK_TOKEN" && c.idempotencyWindow == .seconds(30))
        #expect(c.listenAddress?.port == 8642)
        #expect(cfg.validate().isEmpty)
        c.listen = "0.0.0.0:8642"
        c.tokenEnv = "1BAD-NAME"
        #expect(Set(c.validate().map(\.key)) == ["listen", "token_env"])
        c.allowNonLoopback = true
        c.tokenEnv = "OK_NAME"
        #expect(c.validate().isEmpty)
    }

    @Test func exampleStrategyFilesUseKnownKeys() throws {
        // The YAML files are flat `key: value` maps; check every key against the config's list.
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("strategies")
        for (file, strategy) in [
            ("pure_mm_btcusdt.yml", "pure_market_making"), ("perp_mm_ethusdt.yml", "perpetual_market_making"),
            ("avellaneda_btcusdt.yml", "avellaneda_market_making"), ("webhook_btcusdt.yml", "webhook_signals"),
        ] {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            var keys: [String] = []
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix(" ") {
                if let colon = line.firstIndex(of: ":") { keys.append(String(line[..<colon])) }
            }
            let known = StrategyConfig.keys(for: strategy) ?? []
            #expect(keys.contains("strategy"), "\(file)")
            for k in keys { #expect(known.contains(k), "\(file): \(k)") }
        }
    }

    @Test func percentAndDecimalTexts() throws {
        #expect(DecimalText.plain("1e-3") == "0.001")
        #expect(DecimalText.plain("6.5E4") == "65000")
        #expect(DecimalText.plain("+.5") == "0.5")
        #expect(DecimalText.plain("-1.50") == "-1.5")
        #expect(try Fraction(percentText: "0.05") == Fraction(raw: 500_000))
        #expect(throws: DecimalParseError.self) { try Fraction(percentText: "0.000000001") }
        #expect(Fraction(raw: 500_000).percentText == "0.05")
    }

    @Test func configRoundTripsThroughJSON() throws {
        var c = PureMarketMakingConfig(symbol: "BTCUSDT", bidSpread: F.pct("0.05"), askSpread: F.pct("0.07"), orderAmount: F.q("0.01"))
        c.orderRefreshTime = Nanoseconds(2_500_000_000)
        c.priceType = .bestBid
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(PureMarketMakingConfig.self, from: data) == c)
    }
}

@Suite struct StrategyConfigEncodingTests {
    @Test func everyStrategyConfigRoundTrips() throws {
        var q = PureMarketMakingConfig(symbol: "ETHUSDT", bidSpread: Fixture.pct("0.1"), askSpread: Fixture.pct("0.2"), orderAmount: Quantity("0.5")!)
        q.orderLevels = 3
        q.priceCeiling = Price("3100.5")!
        var perp = PerpetualMarketMakingConfig(quoting: q)
        perp.positionMode = .hedge
        perp.timeBetweenStopLossOrders = Nanoseconds(1_500_000_000)
        var av = AvellanedaMarketMakingConfig(symbol: "BTCUSDT", orderAmount: Quantity("0.01")!)
        av.riskFactor = Money("0.25")!
        var wh = WebhookSignalsConfig(symbols: ["BTCUSDT", "BTCUSD"])
        wh.idempotencyWindow = .seconds(90)
        for cfg in [
            StrategyConfig.pureMarketMaking(q), .perpetualMarketMaking(perp), .avellanedaMarketMaking(av), .webhookSignals(wh),
        ] {
            let data = try JSONEncoder().encode(cfg)
            #expect(try JSONDecoder().decode(StrategyConfig.self, from: data) == cfg)
        }
    }
}
