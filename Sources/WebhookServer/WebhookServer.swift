// WebhookServer module. See README.md (Webhook signals).
import MarketCore
