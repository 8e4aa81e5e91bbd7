import Testing
@testable import PhemexWire

@Test func PhemexWireModuleLoads() { #expect(Bool(true)) }
