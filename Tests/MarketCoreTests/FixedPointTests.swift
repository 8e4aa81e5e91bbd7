import Testing
@testable import MarketCore

@Test(arguments: ["1.5abc", "", "1e5", "-", "1.", ".5", "+1", "NaN", "1.0000000001", "99999999999", " 1"])
func strictParserRefuses(_ text: String) {
    #expect(throws: DecimalParseError.self) { try Price(parsing: text) }
}

@Test func parsesAndFormats() throws {
    #expect(try Price(parsing: "65000.1").description == "65000.1")
    #expect(try Quantity(parsing: "0.412").raw == 412_000_000)
    #expect(try Money(parsing: "-3.50").description == "-3.5")
    #expect(try Price(scaled: 650005000, scale: 4).description == "65000.5")
}
