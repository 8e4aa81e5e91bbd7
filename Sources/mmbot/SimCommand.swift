import ArgumentParser
import Foundation
import SimulatorServer

/// `mmbot sim`: runs the Phemex-protocol exchange simulator on 127.0.0.1 until SIGINT/SIGTERM.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the Phemex-protocol exchange simulator (REST + WebSocket) on 127.0.0.1.")

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free port).")
    var port: Int = 0

    @Option(help: "Comma-separated symbols (BTCUSDT, ETHUSDT, BTCUSD; any other <BASE>USDT is a synthetic linear contract).")
    var symbols: String = "BTCUSDT,ETHUSDT,BTCUSD"

    @Option(help: "Seed of the synthetic market (same seed, same market).")
    var seed: UInt64 = 1

    @Option(name: .customLong("api-key"), help: "Accepted API key id (default mmbot-sim-key).")
    var apiKey: String?

    @Option(name: .customLong("api-secret"), help: "Secret of --api-key (default mmbot-sim-secret).")
    var apiSecret: String?

    @Option(help: "Virtual-time multiplier.")
    var speed: Double = 1

    @Option(name: .customLong("rate-limit-profile"), help: "standard (Contract 500/min) or vip.")
    var rateLimitProfile: String = "standard"

    @Option(name: .customLong("heartbeat-timeout"), help: "Seconds without a ping before a WS connection is dropped.")
    var heartbeatTimeout: Double = 30

    func validate() throws {
        if (apiKey == nil) != (apiSecret == nil) {
            throw ValidationError("--api-key and --api-secret go together")
        }
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535") }
        if !(speed > 0) { throw ValidationError("--speed must be positive") }
        if SimulatorServerConfig.RateLimitProfile(rawValue: rateLimitProfile) == nil {
            throw ValidationError("--rate-limit-profile must be standard or vip")
        }
    }

    func run() async throws {
        var cfg = SimulatorServerConfig()
        cfg.port = port
        cfg.symbols = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        cfg.seed = seed
        cfg.speed = speed
        cfg.heartbeatTimeoutSeconds = heartbeatTimeout
        cfg.rateLimitProfile = SimulatorServerConfig.RateLimitProfile(rawValue: rateLimitProfile) ?? .standard
        cfg.credentials = [.init(apiKey: apiKey ?? "mmbot-sim-key", apiSecret: apiSecret ?? "mmbot-sim-secret")]
        let server = SimulatorServer(config: cfg)
        try await server.run { port in
            let line = "mmbot sim listening rest=http://127.0.0.1:\(port) ws=ws://127.0.0.1:\(port)/ws\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
