// swift-tools-version: 6.1
// Benchmarks for the mmbot market-data hot path (decoder + order book), as their own package so
// the main package never depends on the benchmark framework.
//
// Build and run with the pure-only manifest of the parent package (no NIO/Hummingbird):
//   cd Benchmarks && MMBOT_PURE_ONLY=1 swift package benchmark
//   cd Benchmarks && MMBOT_PURE_ONLY=1 swift build -c release --product BookBenchRunner &&
//     LD_PRELOAD=.build/release/libMallocInterposerSwift.so .build/release/BookBenchRunner
// See README.md, section "Order book, market-data hot path, …", for the recorded figures.
import PackageDescription

let package = Package(
    name: "mmbot-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "mmbot", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.5.0"),
    ],
    targets: [
        // Workloads shared by both runners: synthetic streams and the measured loops.
        .target(
            name: "BookBenchCore",
            dependencies: [
                .product(name: "MarketCore", package: "mmbot"),
                .product(name: "PhemexWire", package: "mmbot"),
            ],
            path: "Sources/BookBenchCore",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // ordo-one/benchmark suite: `swift package benchmark`.
        .executableTarget(
            name: "BookBenchmarks",
            dependencies: [
                "BookBenchCore",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MarketCore", package: "mmbot"),
                .product(name: "PhemexWire", package: "mmbot"),
            ],
            path: "Benchmarks/BookBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Plain runner: ContinuousClock + malloc-interposer counters, per-message figures.
        .executableTarget(
            name: "BookBenchRunner",
            dependencies: [
                "BookBenchCore",
                .product(name: "MarketCore", package: "mmbot"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            path: "Sources/BookBenchRunner",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Engine runner: tick → signed order latency, journal replay throughput, RSS with 20 symbols.
        .executableTarget(
            name: "EngineBenchRunner",
            dependencies: [
                "BookBenchCore",
                .product(name: "MarketCore", package: "mmbot"),
                .product(name: "PhemexWire", package: "mmbot"),
                .product(name: "OrderTracking", package: "mmbot"),
                .product(name: "Strategies", package: "mmbot"),
                .product(name: "TradingEngine", package: "mmbot"),
            ],
            path: "Sources/EngineBenchRunner",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
