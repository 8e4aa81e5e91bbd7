import Foundation
import PhemexWire

/// Loads `Fixtures/phemex/*.json` for the wire tests.
enum WireFixture {
    struct Missing: Error { let name: String }

    static func data(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/phemex")
        else { throw Missing(name: name) }
        return Array(try Data(contentsOf: url))
    }

    static func text(_ name: String) throws -> String { String(decoding: try data(name), as: UTF8.self) }

    static func json(_ name: String) throws -> JSONValue { try JSONValue.parse(try data(name)) }

    /// Every fixture file name (without extension) in the folder.
    static func allNames() throws -> [String] {
        guard let dir = Bundle.module.url(forResource: "phemex", withExtension: nil, subdirectory: "Fixtures") else {
            throw Missing(name: "Fixtures/phemex")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}
