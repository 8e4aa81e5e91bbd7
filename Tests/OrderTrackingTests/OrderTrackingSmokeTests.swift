import Testing
@testable import OrderTracking

@Test func OrderTrackingModuleLoads() { #expect(Bool(true)) }
