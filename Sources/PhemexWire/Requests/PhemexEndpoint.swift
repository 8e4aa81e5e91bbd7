/// Every REST endpoint the builders produce, with its rate-limit group and weight
/// (PROTOCOL §7 table; unlisted Others calls weigh 1; `PUT /orders/create` assumed Contract 1).
public enum PhemexEndpoint: String, Sendable, Hashable, CaseIterable {
    // USDT-M
    case createOrderPutLinear = "PUT /g-orders/create"
    case createOrderPostLinear = "POST /g-orders"
    case replaceOrderLinear = "PUT /g-orders/replace"
    case cancelOrderLinear = "DELETE /g-orders/cancel"
    case bulkCancelLinear = "DELETE /g-orders"
    case cancelAllLinear = "DELETE /g-orders/all"
    case activeListLinear = "GET /g-orders/activeList"
    case activeOrderLinear = "GET /g-orders/active"
    case ordersByIDLinear = "GET /api-data/g-futures/orders/by-order-id"
    case closedOrdersLinear = "GET /exchange/order/v2/orderList"
    case fillsLinear = "GET /exchange/order/v2/tradingList"
    case apiDataTradesLinear = "GET /api-data/g-futures/trades"
    case accountPositionsLinear = "GET /g-accounts/accountPositions"
    case positionsLinear = "GET /g-accounts/positions"
    case leverageLinear = "PUT /g-positions/leverage"
    case switchPositionModeLinear = "PUT /g-positions/switch-pos-mode-sync"
    // COIN-M
    case createOrderPutInverse = "PUT /orders/create"
    case createOrderPostInverse = "POST /orders"
    case replaceOrderInverse = "PUT /orders/replace"
    case cancelOrderInverse = "DELETE /orders/cancel"
    case bulkCancelInverse = "DELETE /orders"
    case cancelAllInverse = "DELETE /orders/all"
    case activeListInverse = "GET /orders/activeList"
    case activeOrderInverse = "GET /orders/active"
    case ordersByIDInverse = "GET /exchange/order"
    case closedOrdersInverse = "GET /exchange/order/list"
    case fillsInverse = "GET /exchange/order/trade"
    case accountPositionsInverse = "GET /accounts/accountPositions"
    case positionsInverse = "GET /accounts/positions"
    case leverageInverse = "PUT /positions/leverage"
    // Common
    case products = "GET /public/products"
    case serverTime = "GET /public/time"

    /// HTTP method (the raw value's first word; a literal per case: this runs for every request).
    public var method: HTTPMethodName {
        switch self {
        case .createOrderPutLinear, .replaceOrderLinear, .leverageLinear, .switchPositionModeLinear,
            .createOrderPutInverse, .replaceOrderInverse, .leverageInverse:
            return .put
        case .createOrderPostLinear, .createOrderPostInverse:
            return .post
        case .cancelOrderLinear, .bulkCancelLinear, .cancelAllLinear, .cancelOrderInverse, .bulkCancelInverse,
            .cancelAllInverse:
            return .delete
        case .activeListLinear, .activeOrderLinear, .ordersByIDLinear, .closedOrdersLinear, .fillsLinear,
            .apiDataTradesLinear, .accountPositionsLinear, .positionsLinear, .activeListInverse, .activeOrderInverse,
            .ordersByIDInverse, .closedOrdersInverse, .fillsInverse, .accountPositionsInverse, .positionsInverse,
            .products, .serverTime:
            return .get
        }
    }

    /// Path (no query): what follows the first space of the raw value, as a literal per case
    /// (no scan, no new string: this runs for every request). `EndpointAndQueryTests` checks
    /// it against the raw value.
    public var path: String {
        switch self {
        case .createOrderPutLinear: return "/g-orders/create"
        case .createOrderPostLinear: return "/g-orders"
        case .replaceOrderLinear: return "/g-orders/replace"
        case .cancelOrderLinear: return "/g-orders/cancel"
        case .bulkCancelLinear: return "/g-orders"
        case .cancelAllLinear: return "/g-orders/all"
        case .activeListLinear: return "/g-orders/activeList"
        case .activeOrderLinear: return "/g-orders/active"
        case .ordersByIDLinear: return "/api-data/g-futures/orders/by-order-id"
        case .closedOrdersLinear: return "/exchange/order/v2/orderList"
        case .fillsLinear: return "/exchange/order/v2/tradingList"
        case .apiDataTradesLinear: return "/api-data/g-futures/trades"
        case .accountPositionsLinear: return "/g-accounts/accountPositions"
        case .positionsLinear: return "/g-accounts/positions"
        case .leverageLinear: return "/g-positions/leverage"
        case .switchPositionModeLinear: return "/g-positions/switch-pos-mode-sync"
        case .createOrderPutInverse: return "/orders/create"
        case .createOrderPostInverse: return "/orders"
        case .replaceOrderInverse: return "/orders/replace"
        case .cancelOrderInverse: return "/orders/cancel"
        case .bulkCancelInverse: return "/orders"
        case .cancelAllInverse: return "/orders/all"
        case .activeListInverse: return "/orders/activeList"
        case .activeOrderInverse: return "/orders/active"
        case .ordersByIDInverse: return "/exchange/order"
        case .closedOrdersInverse: return "/exchange/order/list"
        case .fillsInverse: return "/exchange/order/trade"
        case .accountPositionsInverse: return "/accounts/accountPositions"
        case .positionsInverse: return "/accounts/positions"
        case .leverageInverse: return "/positions/leverage"
        case .products: return "/public/products"
        case .serverTime: return "/public/time"
        }
    }

    /// Rate-limit group charged.
    public var rateLimitGroup: RateLimitGroup {
        switch self {
        case .ordersByIDLinear, .closedOrdersLinear, .fillsLinear, .apiDataTradesLinear, .ordersByIDInverse,
            .closedOrdersInverse, .fillsInverse, .products, .serverTime:
            return .others
        default:
            return .contract
        }
    }

    /// Weight charged in the group.
    public var weight: Int {
        switch self {
        case .cancelAllLinear, .cancelAllInverse: return 3
        case .positionsLinear, .positionsInverse: return 25
        default: return 1
        }
    }

    /// Whether the call needs signature headers.
    public var requiresAuth: Bool { self != .products && self != .serverTime }

    /// `true` for order writes (a 5xx/timeout outcome is UNKNOWN; never retry blindly).
    public var isOrderWrite: Bool {
        switch self {
        case .createOrderPutLinear, .createOrderPostLinear, .replaceOrderLinear, .cancelOrderLinear, .bulkCancelLinear,
            .cancelAllLinear, .createOrderPutInverse, .createOrderPostInverse, .replaceOrderInverse, .cancelOrderInverse,
            .bulkCancelInverse, .cancelAllInverse:
            return true
        default:
            return false
        }
    }

    /// A request for this endpoint with the given query/body.
    public func request(query: String = "", body: [UInt8] = []) -> PhemexRequest {
        PhemexRequest(
            method: method, path: path, query: query, body: body, requiresAuth: requiresAuth,
            rateLimitGroup: rateLimitGroup, weight: weight, isOrderWrite: isOrderWrite)
    }
}
