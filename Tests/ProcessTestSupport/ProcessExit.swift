import Foundation

extension Process {
    /// Waits for the child to exit without blocking a thread; after `seconds` it is killed
    /// (SIGKILL) so that a stuck child fails its test instead of hanging the suite.
    ///
    /// `waitUntilExit()` blocks its thread; under parallel `swift test` that thread is one of the
    /// few cooperative-pool threads, and the simulator the child is talking to (in this very test
    /// process) needs them to answer the child's stop-time cancels.
    public func exited(within seconds: Double = 60) async {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if isRunning {
            kill(processIdentifier, SIGKILL)
            while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }
}
