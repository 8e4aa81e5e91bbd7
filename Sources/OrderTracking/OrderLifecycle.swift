import MarketCore

/// The tracker's lifecycle state of one own order.
public enum OrderState: String, Sendable, Codable, CaseIterable {
    case pendingNew = "PendingNew"
    case new = "New"
    case partiallyFilled = "PartiallyFilled"
    case pendingReplace = "PendingReplace"
    case pendingCancel = "PendingCancel"
    case filled = "Filled"
    case canceled = "Canceled"
    case rejected = "Rejected"
    /// Outcome of the last request unknown (timeout, 5xx): resolve by query before any resend.
    case unknown = "Unknown"

    /// `true` for Filled, Canceled and Rejected.
    public var isTerminal: Bool { self == .filled || self == .canceled || self == .rejected }
    /// `true` when the order may rest on the book (counts toward caps).
    public var isOpen: Bool { !isTerminal }
    /// `true` when an amend or a (non-risk) cancel may be sent now.
    public var isWorking: Bool { self == .new || self == .partiallyFilled }
}

/// Something that happens to an order: a request we send, or what the exchange reports.
public enum OrderEvent: String, Sendable, Codable, CaseIterable {
    /// The order rests (create ack, `New`, conditional registered/triggered).
    case accepted
    /// A fill leaving quantity open.
    case partialFill
    /// A fill completing the order.
    case fill
    /// We sent an amend.
    case sendAmend
    /// The amend took effect.
    case replaced
    /// The amend was refused (nothing changed).
    case amendRejected
    /// We sent a cancel.
    case sendCancel
    /// The order is gone (our cancel, IOC expiry, post-only cross, exchange cancel).
    case canceled
    /// The cancel was refused (the order still works).
    case cancelRejected
    /// The create was refused.
    case rejected
    /// The outcome of a request is unknown (timeout, 5xx).
    case unknownOutcome
    /// A query found no such order (it never reached the exchange).
    case notFound
    /// A one-off order found missing is sent again under the same clOrdID.
    case resend
}

/// The single transition table of the order lifecycle. Any pair not listed is refused (the
/// event is ignored and audited; the order keeps its state).
///
/// `.new` as a target means "working": the tracker turns it into `.partiallyFilled` when the
/// order already has fills.
public enum OrderLifecycle {
    /// Allowed edges: (from, event) → to.
    public static let edges: [(from: OrderState, event: OrderEvent, to: OrderState)] = [
        // PendingNew: fill before ack, IOC expiry, engine reject, timeout, cancel while pending.
        (.pendingNew, .accepted, .new),
        (.pendingNew, .partialFill, .partiallyFilled),
        (.pendingNew, .fill, .filled),
        (.pendingNew, .canceled, .canceled),
        (.pendingNew, .rejected, .rejected),
        (.pendingNew, .unknownOutcome, .unknown),
        (.pendingNew, .sendCancel, .pendingCancel),
        // New
        (.new, .partialFill, .partiallyFilled),
        (.new, .fill, .filled),
        (.new, .sendAmend, .pendingReplace),
        (.new, .sendCancel, .pendingCancel),
        (.new, .canceled, .canceled),
        // PartiallyFilled
        (.partiallyFilled, .partialFill, .partiallyFilled),
        (.partiallyFilled, .fill, .filled),
        (.partiallyFilled, .sendAmend, .pendingReplace),
        (.partiallyFilled, .sendCancel, .pendingCancel),
        (.partiallyFilled, .canceled, .canceled),
        // PendingReplace: fills race with the amend.
        (.pendingReplace, .replaced, .new),
        (.pendingReplace, .amendRejected, .new),
        (.pendingReplace, .partialFill, .pendingReplace),
        (.pendingReplace, .fill, .filled),
        (.pendingReplace, .canceled, .canceled),
        (.pendingReplace, .sendCancel, .pendingCancel),
        (.pendingReplace, .unknownOutcome, .unknown),
        // PendingCancel: late ack of the create or the amend, fills racing the cancel.
        (.pendingCancel, .canceled, .canceled),
        (.pendingCancel, .cancelRejected, .new),
        (.pendingCancel, .partialFill, .pendingCancel),
        (.pendingCancel, .fill, .filled),
        (.pendingCancel, .accepted, .pendingCancel),
        (.pendingCancel, .replaced, .pendingCancel),
        (.pendingCancel, .rejected, .rejected),
        (.pendingCancel, .unknownOutcome, .unknown),
        // Unknown: resolved by a query (or a stream event), a cancel retry is idempotent.
        (.unknown, .accepted, .new),
        (.unknown, .partialFill, .partiallyFilled),
        (.unknown, .fill, .filled),
        (.unknown, .replaced, .new),
        (.unknown, .canceled, .canceled),
        (.unknown, .rejected, .rejected),
        (.unknown, .notFound, .canceled),
        (.unknown, .resend, .pendingNew),
        (.unknown, .sendCancel, .pendingCancel),
        // Canceled: a fill that raced the cancel is still real.
        (.canceled, .partialFill, .canceled),
        (.canceled, .fill, .filled),
    ]

    private static let table: [[OrderState?]] = {
        var t = [[OrderState?]](
            repeating: [OrderState?](repeating: nil, count: OrderEvent.allCases.count), count: OrderState.allCases.count)
        for e in edges { t[e.from.tableIndex][e.event.tableIndex] = e.to }
        return t
    }()

    /// The state after `event`, or `nil` when the pair is refused.
    public static func next(_ state: OrderState, _ event: OrderEvent) -> OrderState? {
        table[state.tableIndex][event.tableIndex]
    }
}

extension OrderState {
    var tableIndex: Int {
        switch self {
        case .pendingNew: return 0
        case .new: return 1
        case .partiallyFilled: return 2
        case .pendingReplace: return 3
        case .pendingCancel: return 4
        case .filled: return 5
        case .canceled: return 6
        case .rejected: return 7
        case .unknown: return 8
        }
    }
}

extension OrderEvent {
    var tableIndex: Int {
        switch self {
        case .accepted: return 0
        case .partialFill: return 1
        case .fill: return 2
        case .sendAmend: return 3
        case .replaced: return 4
        case .amendRejected: return 5
        case .sendCancel: return 6
        case .canceled: return 7
        case .cancelRejected: return 8
        case .rejected: return 9
        case .unknownOutcome: return 10
        case .notFound: return 11
        case .resend: return 12
        }
    }
}
