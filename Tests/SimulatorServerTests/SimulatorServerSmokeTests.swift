import Testing
@testable import SimulatorServer

@Test func SimulatorServerModuleLoads() { #expect(Bool(true)) }
