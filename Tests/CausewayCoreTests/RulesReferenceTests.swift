import Foundation
import Testing
@testable import CausewayCore

/// docs/rules.md is the project's rules reference: every rule id written anywhere in Sources/
/// (a checker `Rule("id", …)` or any `rule: "id"` of a later stage) has its row there, and source
/// comments cite pages in the repository or AWS's, never files outside it.
@Suite struct RulesReferenceTests {
    static func sourceFiles() throws -> [(path: String, text: String)] {
        let sources = Fixtures.root.appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var out: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            out.append((url.path.replacingOccurrences(of: Fixtures.root.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
        }
        #expect(out.count > 50, "found only \(out.count) Swift files under \(sources.path)")
        return out
    }

    /// `Rule("id"` and `rule: "id"` in Swift source, with the file they are in.
    static func ruleIDs(in files: [(path: String, text: String)]) throws -> [String: String] {
        let pattern = try NSRegularExpression(pattern: #"(?:\bRule\(|\brule: )"([a-z0-9]+(?:-[a-z0-9]+)+)""#)
        var ids: [String: String] = [:]
        for (path, text) in files {
            let ns = text as NSString
            for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let id = ns.substring(with: m.range(at: 1))
                if ids[id] == nil { ids[id] = path }
            }
        }
        return ids
    }

    @Test func everyRuleIDInSourcesHasARowInTheReference() throws {
        let doc = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        let ids = try Self.ruleIDs(in: try Self.sourceFiles())
        // The checker's catalog is found by the grep too (a guard against a pattern that matches nothing).
        #expect(Set(Checker.catalog.map(\.id)).isSubset(of: Set(ids.keys)), "the grep missed catalog rules")
        for (id, file) in ids.sorted(by: { $0.key < $1.key }) {
            let row = doc.split(separator: "\n").first { $0.hasPrefix("| `\(id)` | ") }
            #expect(row != nil, "docs/rules.md has no row for `\(id)` (from \(file))")
            // Each row names its severity and an AWS (or other public) page or a docs/ file.
            if let row {
                #expect(["| error |", "| warning |", "| note |"].contains { row.contains($0) }, "row of \(id) names no severity")
                #expect(row.contains("https://") || row.contains("docs/"), "row of \(id) cites no page")
            }
        }
    }

    @Test func sourceCommentsCiteNoFileOutsideTheRepository() throws {
        for (path, text) in try Self.sourceFiles() {
            for name in ["AWS-RULES.md", "TEST-MACHINE.md", "../shared"] {
                #expect(!text.contains(name), "\(path) names \(name); cite the docs/ page or the AWS page instead")
            }
        }
    }
}
