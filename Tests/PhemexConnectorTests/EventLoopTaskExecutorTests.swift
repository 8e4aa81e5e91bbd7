import Testing

@testable import PhemexConnector

@Suite struct EventLoopTaskExecutorTests {
    /// The WebSocket reader prefers this executor: its code, also after suspending, runs on the
    /// connection's event loop thread (no hop to the concurrency pool between read and decode).
    @Test func tasksRunOnTheLoopAlsoAfterSuspending() async {
        let executor = EventLoopTaskExecutor.onSharedLoop()
        let onLoop = await Task(executorPreference: executor) { () async -> [Bool] in
            var seen = [executor.loop.inEventLoop]
            for _ in 0..<3 {
                await Task.yield()
                seen.append(executor.loop.inEventLoop)
            }
            return seen
        }.value
        #expect(onLoop == [true, true, true, true])
    }

    @Test func aDefaultTaskDoesNotRunOnTheLoop() async {
        let executor = EventLoopTaskExecutor.onSharedLoop()
        let onLoop = await Task { executor.loop.inEventLoop }.value
        #expect(!onLoop)
    }
}
