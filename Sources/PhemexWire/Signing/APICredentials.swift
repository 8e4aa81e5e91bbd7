/// A Phemex API key id and its secret.
///
/// `description`, `debugDescription` and string interpolation never show the secret (nor
/// more than the first 4 characters of the key id), so a credentials value can be logged by
/// accident without leaking anything.
public struct APICredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The API key id (`x-phemex-access-token`).
    public let apiKey: String
    /// The API secret exactly as issued; used as raw UTF-8 bytes for HMAC.
    public let secret: String

    public init(apiKey: String, secret: String) {
        self.apiKey = apiKey
        self.secret = secret
    }

    /// The key id with everything after 4 characters masked.
    public var redactedKey: String {
        apiKey.count <= 4 ? "****" : String(apiKey.prefix(4)) + "****"
    }

    public var description: String { "APICredentials(apiKey: \(redactedKey), secret: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["apiKey": redactedKey, "secret": "<redacted>"], displayStyle: .struct)
    }
}
