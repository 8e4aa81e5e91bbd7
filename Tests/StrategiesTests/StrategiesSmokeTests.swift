import Testing
@testable import Strategies

@Test func StrategiesModuleLoads() { #expect(Bool(true)) }
