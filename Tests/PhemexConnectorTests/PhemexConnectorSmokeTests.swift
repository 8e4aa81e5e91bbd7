import Testing
@testable import PhemexConnector

@Test func PhemexConnectorModuleLoads() { #expect(Bool(true)) }
