import Foundation

/// Validation of `conf/rules/*.yml` profiles: a YAML mapping, strictly keyed.
enum RulesProfileCheck {
    static func check(text: String, file: String) throws(ConfigErrors) {
        switch YAMLMappingReader.parse(file: file, text: text) {
        case .success(let r): if !r.errors.isEmpty { throw ConfigErrors(r.errors) }
        case .failure(let e): throw e
        }
    }
}
