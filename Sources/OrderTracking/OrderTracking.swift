// OrderTracking module. See README.md (Architecture).
import MarketCore
