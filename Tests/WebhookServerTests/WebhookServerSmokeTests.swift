import Testing
@testable import WebhookServer

@Test func WebhookServerModuleLoads() { #expect(Bool(true)) }
