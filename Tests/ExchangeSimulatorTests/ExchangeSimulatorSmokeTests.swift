import Testing
@testable import ExchangeSimulator

@Test func ExchangeSimulatorModuleLoads() { #expect(Bool(true)) }
