// swift-tools-version: 6.2
// mmbot — a market-making daemon for Phemex perpetual futures.
//
// Set MMBOT_PURE_ONLY=1 to build and test only the pure modules (no NIO/Hummingbird):
// a fast inner loop for core, wire, tracker, strategies, engine and simulator work.
import PackageDescription

let pureOnly = Context.environment["MMBOT_PURE_ONLY"] == "1"

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
]

// Library products of the pure hot-path modules, so `Benchmarks/` (its own package) can use them.
var products: [Product] = [
    .library(name: "MarketCore", targets: ["MarketCore"]),
    .library(name: "PhemexWire", targets: ["PhemexWire"]),
    .library(name: "OrderTracking", targets: ["OrderTracking"]),
    .library(name: "Strategies", targets: ["Strategies"]),
    .library(name: "TradingEngine", targets: ["TradingEngine"]),
]

var targets: [Target] = [
    // MARK: pure modules (no I/O, no clock)
    .target(
        name: "MarketCore",
        dependencies: [.product(name: "DequeModule", package: "swift-collections")],
        swiftSettings: swiftSettings),
    .target(
        name: "PhemexWire",
        dependencies: ["MarketCore", "SHA256Hardware"],
        swiftSettings: swiftSettings),
    // SHA-256 block compression on the CPU's SHA extensions (C intrinsics), for request signing.
    .target(name: "SHA256Hardware"),
    .target(
        name: "OrderTracking",
        dependencies: ["MarketCore", "Strategies", .product(name: "DequeModule", package: "swift-collections")],
        swiftSettings: swiftSettings),
    .target(
        name: "Strategies",
        dependencies: ["MarketCore"],
        swiftSettings: swiftSettings),
    .target(
        name: "TradingEngine",
        dependencies: ["MarketCore", "OrderTracking", "Strategies"],
        swiftSettings: swiftSettings),
    .target(
        name: "ExchangeSimulator",
        dependencies: ["MarketCore", .product(name: "DequeModule", package: "swift-collections")],
        exclude: ["SimulatorAPI.md"],
        swiftSettings: swiftSettings),

    // MARK: tests of pure modules
    .testTarget(
        name: "MarketCoreTests",
        dependencies: ["MarketCore", .product(name: "PropertyBased", package: "swift-property-based")],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "PhemexWireTests",
        dependencies: [
            "PhemexWire", "MarketCore", .product(name: "PropertyBased", package: "swift-property-based"),
            // An independent HMAC-SHA256 to check the signer against (`SignerCryptoDifferentialTests`).
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        resources: [.copy("Fixtures")],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "OrderTrackingTests",
        dependencies: ["OrderTracking", "MarketCore", "Strategies", .product(name: "PropertyBased", package: "swift-property-based")],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "StrategiesTests",
        dependencies: ["Strategies", "MarketCore"],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "TradingEngineTests",
        dependencies: ["TradingEngine", "OrderTracking", "Strategies", "MarketCore"],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "ExchangeSimulatorTests",
        dependencies: ["ExchangeSimulator", "MarketCore"],
        swiftSettings: swiftSettings),
    .testTarget(
        name: "AcceptanceTests",
        dependencies: ["TradingEngine", "OrderTracking", "Strategies", "ExchangeSimulator", "PhemexWire", "MarketCore"],
        swiftSettings: swiftSettings),
]

if !pureOnly {
    dependencies += [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ]
    products += [.executable(name: "mmbot", targets: ["mmbot"])]
    targets += [
        // MARK: I/O modules
        .target(
            name: "PhemexConnector",
            dependencies: [
                "MarketCore", "PhemexWire",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCompression", package: "swift-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "SimulatorServer",
            dependencies: [
                "MarketCore", "PhemexWire", "ExchangeSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "WSCompression", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "WebhookServer",
            dependencies: [
                "MarketCore", "Strategies",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "DaemonRuntime",
            dependencies: [
                "MarketCore", "PhemexWire", "OrderTracking", "Strategies", "TradingEngine",
                "ExchangeSimulator", "PhemexConnector", "SimulatorServer", "WebhookServer",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ConnectorBenchRunner",
            dependencies: [
                "PhemexConnector", "PhemexWire", "MarketCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "SimBenchRunner",
            dependencies: [
                "PhemexConnector", "PhemexWire", "SimulatorServer", "MarketCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "mmbot",
            dependencies: [
                "DaemonRuntime", "MarketCore", "PhemexWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // MARK: tests of I/O modules (real loopback sockets)
        .testTarget(
            name: "SimulatorServerTests",
            dependencies: [
                "SimulatorServer", "ExchangeSimulator", "PhemexWire", "MarketCore",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCompression", package: "swift-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PhemexConnectorTests",
            dependencies: [
                "PhemexConnector", "SimulatorServer", "ExchangeSimulator", "PhemexWire", "MarketCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Helpers shared by the test targets that launch `mmbot` subprocesses.
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "WebhookServerTests",
            dependencies: [
                "WebhookServer", "Strategies", "MarketCore", "OrderTracking", "ProcessTestSupport",
                "DaemonRuntime", "SimulatorServer", "ExchangeSimulator", "TradingEngine", "PhemexWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DaemonRuntimeTests",
            dependencies: [
                "DaemonRuntime", "PhemexConnector", "SimulatorServer", "ExchangeSimulator", "ProcessTestSupport",
                "TradingEngine", "OrderTracking", "Strategies", "PhemexWire", "MarketCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
    ]
}

let package = Package(
    name: "mmbot",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: dependencies,
    targets: targets
)
