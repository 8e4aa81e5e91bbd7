import Foundation
import PhemexWire

/// Reads the shared Phemex sample payloads (Tests/PhemexWireTests/Fixtures/phemex).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PhemexWireTests/Fixtures/phemex")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue.parse(try text(name))
    }
}
