import Testing
@testable import CausewayCore

/// Inputs that must end in one clear diagnostic, never a hang or a crash.
@Suite struct LoaderLimitsTests {
    @Test func aliasExpansionIsRefused() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        let names = Array("bcdefghij")
        var prev = "a"
        for n in names {
            yaml += "\(n): &\(n) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]\n"
            prev = String(n)
        }
        let r = Loader.load(text: yaml, file: "lol.yaml")
        #expect(r.isFatal)
        #expect(r.diagnostics.map(\.rule) == ["yaml-syntax"])
    }

    @Test func deepNestingIsRefused() {
        let yaml = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let r = Loader.load(text: yaml, file: "deep.yaml")
        #expect(r.isFatal)
        #expect(r.diagnostics.count == 1)
    }

    @Test func oversizedInputIsRefusedBeforeParsing() {
        let data = [UInt8](repeating: UInt8(ascii: "#"), count: Loader.maxFileBytes + 1)
        let r = Loader.load(data: data, file: "big.yaml")
        #expect(r.isFatal)
        #expect(r.diagnostics.first?.rule == "file-unreadable")
    }

    @Test func binaryInputIsRefused() {
        let r = Loader.load(data: [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00], file: "a.out")
        #expect(r.isFatal)
        #expect(r.diagnostics.first?.message.contains("binary") == true)
    }
}
