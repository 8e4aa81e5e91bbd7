import Testing
@testable import DaemonRuntime

@Test func DaemonRuntimeModuleLoads() { #expect(Bool(true)) }
