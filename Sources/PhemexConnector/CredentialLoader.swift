#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PhemexWire

/// Loads Phemex API credentials from the environment or a key file. Errors name the source
/// (variable or file), never the key material.
public enum CredentialLoader {
    /// Reads the key and secret from environment variables (defaults `PHEMEX_API_KEY` and
    /// `PHEMEX_API_SECRET`). Returns `nil` when neither is set; throws when only one is.
    public static func fromEnvironment(
        keyVariable: String = "PHEMEX_API_KEY", secretVariable: String = "PHEMEX_API_SECRET",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PhemexConnectorError) -> APICredentials? {
        let key = environment[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment[secretVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (key, secret) {
        case (nil, nil): return nil
        case (let k?, let s?): return APICredentials(apiKey: k, secret: s)
        case (nil, _): throw .credentials("\(keyVariable) is not set but \(secretVariable) is")
        case (_, nil): throw .credentials("\(secretVariable) is not set but \(keyVariable) is")
        }
    }

    /// Reads a key file. The file must not be readable, writable or executable by group or
    /// others (mode `0600` or stricter) and must hold the key and the secret, either as
    /// `api_key: …` / `api_secret: …` lines (also `key=`/`secret=` forms) or as two bare lines
    /// (key first). Errors name the file, never its content.
    public static func fromKeyFile(path: String) throws(PhemexConnectorError) -> APICredentials {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw .credentials("key file \(path) cannot be read")
        }
        let mode = UInt32(st.st_mode) & 0o777
        guard mode & 0o077 == 0 else {
            let octal = String(mode, radix: 8)
            throw .credentials("key file \(path) has mode \(octal); refusing a group- or world-accessible key file (chmod 600)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .credentials("key file \(path) cannot be read as UTF-8 text")
        }
        return try parseKeyFile(text, path: path)
    }

    /// Parses key-file text (see `fromKeyFile`).
    static func parseKeyFile(_ text: String, path: String) throws(PhemexConnectorError) -> APICredentials {
        var key: String?
        var secret: String?
        var bare: [String] = []
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let sep = line.firstIndex(where: { $0 == ":" || $0 == "=" }) {
                let name = line[..<sep].trimmingCharacters(in: .whitespaces).lowercased()
                var value = line[line.index(after: sep)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                    value = String(value.dropFirst().dropLast())
                }
                switch name {
                case "api_key", "apikey", "key", "api_key_id", "id": key = value
                case "api_secret", "apisecret", "secret": secret = value
                default: continue
                }
            } else {
                bare.append(line)
            }
        }
        if key == nil, secret == nil, bare.count == 2 {
            key = bare[0]
            secret = bare[1]
        }
        guard let k = key, !k.isEmpty, let s = secret, !s.isEmpty else {
            throw .credentials("key file \(path) must contain api_key and api_secret")
        }
        return APICredentials(apiKey: k, secret: s)
    }
}
