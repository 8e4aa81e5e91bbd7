import Testing

/// The suites of this target that talk to the server over loopback sockets run one at a time
/// inside this group (`.serialized` applies to nested suites). `swift test` still runs the rest
/// in parallel; running every simulator, connector and daemon of the package at once on a
/// two-core machine starves them of CPU for seconds, and their real-time heartbeats and
/// staleness checks then fire for the wrong reason.
@Suite(.serialized) enum SimulatorServerLoopbackSuites {}
