// PhemexWire module. See README.md (Architecture).
import MarketCore
