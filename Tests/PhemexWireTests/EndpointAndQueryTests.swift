import PropertyBased
import Testing
@testable import PhemexWire

/// The byte-level endpoint and query helpers spell exactly what the character-level
/// definitions spell.
@Suite struct EndpointAndQueryTests {
    @Test func everyEndpointSplitsIntoMethodAndPath() {
        for e in PhemexEndpoint.allCases {
            #expect(e.path == String(e.rawValue.drop { $0 != " " }.dropFirst()), "\(e)")
            #expect(e.method.rawValue == String(e.rawValue.prefix { $0 != " " }), "\(e)")
            #expect(e.path.hasPrefix("/"))
        }
    }

    @Test func integerParametersAreDecimal() async {
        await propertyCheck(count: 200, input: Gen.int(in: Int.min...Int.max)) { n in
            var q = QueryBuilder()
            q.add("a", Int64(n))
            q.add("b", "x")
            #expect(q.string == "a=\(n)&b=x")
        }
        var q = QueryBuilder()
        q.add("min", Int64.min)
        q.add("zero", Int64(0))
        #expect(q.string == "min=-9223372036854775808&zero=0")
    }

    @Test func encodingKeepsRunsAndEscapesTheRest() {
        #expect(QueryBuilder.encode("") == "")
        #expect(QueryBuilder.encode("%") == "%25")
        #expect(QueryBuilder.encode("ab c") == "ab%20c")
        #expect(QueryBuilder.encode("é") == "%C3%A9")
        var q = QueryBuilder()
        q.add("", "")
        q.add("k", nil as String?)
        q.add("t", true)
        #expect(q.string == "=&t=true")
    }
}
