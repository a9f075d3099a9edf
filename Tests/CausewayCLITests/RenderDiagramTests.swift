import Foundation
import Testing

/// `causeway render --only diagram`: the picture and the report, with `--fail` taking things
/// down in their simulation only; an unknown `--fail` is bad input (exit 2, nothing written).
@Suite struct RenderDiagramTests {
    @Test func onlyDiagramWithAFailure() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-diagram-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let env = ["S5_TUNNEL1_PSK": "s5Tunnel1.test_key", "S5_TUNNEL2_PSK": "s5Tunnel2.test_key"]
        let r = try CLI.run(["render", "examples/s5-dx-vpn-backup.yaml", "--out", out, "--only", "diagram", "--fail", "dx:dc-transit-vif"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\(out)/diagram/topology.svg") && r.stdout.contains("\(out)/diagram/report.html"))
        let svg = try String(contentsOfFile: "\(out)/diagram/topology.svg", encoding: .utf8)
        let html = try String(contentsOfFile: "\(out)/diagram/report.html", encoding: .utf8)
        #expect(svg.contains("<title>causeway: s5-dx-vpn-backup (failed: dx:dc-transit-vif)</title>"))
        #expect(html.contains("Simulated with failed: dx:dc-transit-vif"))

        let bad = out + "-bad"
        let refused = try CLI.run(["render", "examples/s5-dx-vpn-backup.yaml", "--out", bad, "--only", "diagram", "--fail", "dx:nowhere"], environment: env)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: bad))
    }

    /// A full render leaves the diagram out, and keeps the diagram an earlier `--only diagram`
    /// wrote (still causeway's, in the manifest); configuration files it no longer produces go.
    @Test func aFullRenderKeepsAnEarlierDiagram() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-diagram-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let env = ["S5_TUNNEL1_PSK": "s5Tunnel1.test_key", "S5_TUNNEL2_PSK": "s5Tunnel2.test_key"]
        let full = try CLI.run(["render", "examples/s5-dx-vpn-backup.yaml", "--out", out], environment: env)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/diagram"))
        let diagram = try CLI.run(["render", "examples/s5-dx-vpn-backup.yaml", "--out", out, "--only", "diagram"], environment: env)
        #expect(diagram.status == 0, "\(diagram.stderr)")
        let again = try CLI.run(["render", "examples/s5-dx-vpn-backup.yaml", "--out", out], environment: env)
        #expect(again.status == 0 && !again.stderr.contains("removed"), "\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(out)/diagram/topology.svg"))
        let manifest = try String(contentsOfFile: "\(out)/.causeway-render.json", encoding: .utf8)
        #expect(manifest.contains("diagram/report.html") && manifest.contains("sites/dc/"), "\(manifest.prefix(400))")
    }
}
