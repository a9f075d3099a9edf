import CausewayCore
import CausewayRender
import Foundation
import Testing

/// Every target's files for every scenario, diffed against Golden/<scenario>/. Regenerate on
/// purpose with `CAUSEWAY_UPDATE_GOLDEN=1 swift test --filter GoldenTests`.
@Suite struct GoldenTests {
    static let update = ProcessInfo.processInfo.environment["CAUSEWAY_UPDATE_GOLDEN"] == "1"

    @Test(arguments: Scenario.allCases)
    func production(_ s: Scenario) throws {
        try compare(try s.renderAll(), folder: s.description)
    }

    @Test(arguments: [Scenario.s0, .s3, .s4])
    func lab(_ s: Scenario) throws {
        let t = try s.topology()
        let files = try RenderPlan(t, only: [.strongswan, .frr]).run(t, context: try s.context(.lab))
        try compare(files, folder: "\(s.description)-lab")
    }

    /// What `causeway render` writes by default is the scenario's golden set, narrowed.
    @Test(arguments: Scenario.allCases)
    func defaultPlanIsPartOfTheGoldenSet(_ s: Scenario) throws {
        let all = try s.renderAll()
        for f in try s.renderDefault() {
            #expect(all.file(f.path)?.contents == f.contents, "\(f.path)")
        }
    }

    func compare(_ files: [RenderedFile], folder: String) throws {
        let dir = Repo.golden.appendingPathComponent(folder)
        let fm = FileManager.default
        if Self.update {
            try? fm.removeItem(at: dir)
            for f in files {
                let u = dir.appendingPathComponent(f.path)
                try fm.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.contents.write(to: u, atomically: true, encoding: .utf8)
            }
            return
        }
        var expected: [String: String] = [:]
        if let e = fm.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let u as URL in e where (try? u.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let rel = String(u.path.dropFirst(dir.path.count + 1))
                expected[rel] = try String(contentsOf: u, encoding: .utf8)
            }
        }
        #expect(!expected.isEmpty, "no golden files in \(dir.path); run with CAUSEWAY_UPDATE_GOLDEN=1")
        let produced = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
        for p in Set(expected.keys).subtracting(produced.keys).sorted() {
            Issue.record("\(folder)/\(p): golden file no longer rendered")
        }
        for p in Set(produced.keys).subtracting(expected.keys).sorted() {
            Issue.record("\(folder)/\(p): rendered but has no golden file (CAUSEWAY_UPDATE_GOLDEN=1 to accept)")
        }
        for (p, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let got = produced[p], got != want else { continue }
            Issue.record("\(folder)/\(p) differs from its golden file:\n\(Self.firstDifference(want, got))")
        }
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.components(separatedBy: "\n"), y = b.components(separatedBy: "\n")
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : "<end>", r = i < y.count ? y[i] : "<end>"
            if l != r { return "line \(i + 1):\n  golden:   \(l)\n  rendered: \(r)" }
        }
        return "(same lines, different endings)"
    }
}
