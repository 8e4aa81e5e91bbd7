import AsyncHTTPClient
import NIOCore

/// A `TaskExecutor` that runs jobs on one NIO event loop. The WebSocket reader task prefers it
/// and the connection is opened on the same loop, so a frame read by the loop resumes the reader
/// on that very thread (queued behind the read, no wake-up of another thread): the frame is
/// decoded and applied to its book without a thread hop.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop that runs the jobs (and carries the connection).
    let loop: any EventLoop

    init(loop: any EventLoop) { self.loop = loop }

    /// An executor on the next loop of the process-wide NIO group (the one the REST client uses).
    static func onSharedLoop() -> EventLoopTaskExecutor {
        EventLoopTaskExecutor(loop: HTTPClient.defaultEventLoopGroup.next())
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
