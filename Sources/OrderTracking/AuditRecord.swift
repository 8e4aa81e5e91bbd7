import MarketCore

/// Budgets left at the moment of a decision (for the audit trail and metrics).
public struct BudgetsLeft: Hashable, Sendable, Codable {
    /// Weight left in the order group's client window (for new/amend; cancels may also use the reserve).
    public var group: Int
    /// Weight left in the per-symbol window (VIP profiles), or -1 when there is none.
    public var symbol: Int
    /// Requests left in the IP window.
    public var ip: Int
    /// Activity counter score (R8) of the symbol, in points.
    public var activity: Int
    public init(group: Int, symbol: Int, ip: Int, activity: Int) {
        self.group = group
        self.symbol = symbol
        self.ip = ip
        self.activity = activity
    }
    public static let unknown = BudgetsLeft(group: -1, symbol: -1, ip: -1, activity: -1)
}

/// One decision of the tracker: what was intended, the verdict, the deciding rule and why.
/// The runtime writes these to the audit log; `description` is the one-line human form.
public struct AuditRecord: Hashable, Sendable, Codable, CustomStringConvertible {
    public var time: Timestamp
    public var intent: IntentKind
    public var symbol: Symbol?
    public var side: Side?
    public var clientOrderID: ClientOrderID?
    public var price: Price?
    public var quantity: Quantity?
    /// allow / delay / deny / degrade / event.
    public var verdict: String
    public var rule: RuleID
    public var reason: VerdictReason
    /// Extra free text (exchange message, state change).
    public var detail: String?
    /// For delays: when the intent is re-evaluated.
    public var until: Timestamp?
    public var budgets: BudgetsLeft

    public init(
        time: Timestamp, intent: IntentKind, symbol: Symbol?, side: Side?, clientOrderID: ClientOrderID?,
        price: Price?, quantity: Quantity?, verdict: String, rule: RuleID, reason: VerdictReason,
        detail: String? = nil, until: Timestamp? = nil, budgets: BudgetsLeft
    ) {
        self.time = time
        self.intent = intent
        self.symbol = symbol
        self.side = side
        self.clientOrderID = clientOrderID
        self.price = price
        self.quantity = quantity
        self.verdict = verdict
        self.rule = rule
        self.reason = reason
        self.detail = detail
        self.until = until
        self.budgets = budgets
    }

    /// e.g. `t=1700000000.123 DENY new BTCUSDT Buy 0.01@65000 id=mm-12 rule=R5 (open-order caps) cap_per_side; left group=300 ip=3400 act=12`
    public var description: String {
        var s = "t=\(time.seconds).\(pad3(time.millis % 1000)) \(verdict.uppercased()) \(intent.rawValue)"
        if let symbol { s += " \(symbol.name)" }
        if let side { s += " \(side.rawValue)" }
        if let quantity {
            s += " \(quantity)"
            if let price { s += "@\(price)" }
        } else if let price {
            s += " @\(price)"
        }
        if let clientOrderID { s += " id=\(clientOrderID.value)" }
        if rule != .none { s += " rule=\(rule.rawValue) (\(rule.title))" }
        if reason != .ok { s += " \(reason.rawValue)" }
        if let until { s += " until=\(until.seconds).\(pad3(until.millis % 1000))" }
        if let detail, !detail.isEmpty { s += ": \(detail)" }
        s += "; left group=\(budgets.group)"
        if budgets.symbol >= 0 { s += " symbol=\(budgets.symbol)" }
        s += " ip=\(budgets.ip) act=\(budgets.activity)"
        return s
    }

    private func pad3(_ v: Int64) -> String {
        let a = v < 0 ? -v : v
        if a < 10 { return "00\(a)" }
        if a < 100 { return "0\(a)" }
        return "\(a)"
    }
}
