import CausewayCore
import CausewayPKI
import CausewayRender
import Foundation
import Testing

/// The repository, found from this file's path (tests read the examples and golden files there).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tests = root.appendingPathComponent("Tests/CausewayRenderTests")
    static let golden = tests.appendingPathComponent("Golden")
    static let tools = tests.appendingPathComponent("Tools")
    static func tool(_ name: String) -> String { tools.appendingPathComponent(name).path }
}

/// The example topologies and the test keys their `env:` references get.
enum Scenario: String, CaseIterable, CustomStringConvertible, Sendable {
    case s0 = "s0-eks-onprem-db"
    case s1 = "s1-cloudformation-static"
    case s2 = "s2-openstack"
    case s3 = "s3-tgw-bgp-strongswan"
    case s4 = "s4-tgw-segmentation"
    case s5 = "s5-dx-vpn-backup"
    case s6 = "s6-two-cgw-one-network"

    var description: String { String(rawValue.prefix(2)) }
    var file: String { "examples/\(rawValue).yaml" }

    /// Test keys for the scenarios whose PSKs are environment references.
    static let environment: [String: String] = [
        "S0_TUNNEL1_PSK": "s0Tunnel1.test_key",
        "S0_TUNNEL2_PSK": "s0Tunnel2.test_key",
        "S2_TUNNEL1_PSK": "s2Tunnel1.test_key",
        "S2_TUNNEL2_PSK": "s2Tunnel2.test_key",
        "S5_TUNNEL1_PSK": "s5Tunnel1.test_key",
        "S5_TUNNEL2_PSK": "s5Tunnel2.test_key",
        "S6_DC1_TUNNEL1_PSK": "s6Dc1Tunnel1.test_key",
        "S6_DC1_TUNNEL2_PSK": "s6Dc1Tunnel2.test_key",
        "S6_DC2_TUNNEL1_PSK": "s6Dc2Tunnel1.test_key",
        "S6_DC2_TUNNEL2_PSK": "s6Dc2Tunnel2.test_key",
    ]

    /// Every key a scenario's files could hold (the test keys and the literal keys of S1, S3, S4).
    static let allKeys = Array(environment.values) + ["cloudneta", "strongswan_awsvpn", "VCwEJPl6ncxL_k.YBHd_ujpc8eMCpWFg", "eJY36Ndv2b3VDm2gTotcYkzobRVgifmY"]

    func topology() throws -> Topology {
        let text = try String(contentsOf: Repo.root.appendingPathComponent(file), encoding: .utf8)
        let r = Loader.load(text: text, file: file)
        let errors = r.diagnostics.filter { $0.severity == .error }
        guard let t = r.topology, errors.isEmpty else {
            throw FixtureError("\(file) does not load: \(errors.map(\.formatted))")
        }
        return t
    }

    /// Resolved keys as the command line would pass them, with the test environment.
    func context(_ profile: RenderProfile = .production) throws -> RenderContext {
        let t = try topology()
        var secrets: [String: PreSharedKey] = [:]
        for c in t.vpnConnections {
            for tn in c.tunnels {
                switch tn.psk {
                case .env(let n): if let v = Scenario.environment[n] { secrets["\(c.name)/\(tn.index)"] = PreSharedKey(v) }
                case .literal(let k): secrets["\(c.name)/\(tn.index)"] = k
                default: break
                }
            }
        }
        return RenderContext(secrets: secrets, profile: profile, clientVPN: try clientVPN())
    }

    /// The day the test PKI is read at (its certificates were made then, valid 825 days): the
    /// Client VPN goldens never expire.
    static let pkiDate = Date(timeIntervalSince1970: 1_796_601_600)   // 2026-12-07T00:00:00Z

    /// The Client VPN material of the scenario's endpoints from the test PKI checked in under
    /// Tools/client-vpn-pki/SCENARIO/ENDPOINT (the files `render` would keep in DIR/client-vpn/
    /// ENDPOINT/pki), so the rendered profiles and certificates are golden. Made once with
    /// CAUSEWAY_UPDATE_GOLDEN=1.
    func clientVPN() throws -> [String: ClientVPNMaterial] {
        var out: [String: ClientVPNMaterial] = [:]
        for e in try topology().clientVPNEndpoints where ClientVPNFiles.needsMaterial(e) {
            let dir = Repo.tools.appendingPathComponent("client-vpn-pki/\(description)/\(e.name)")
            var existing: [String: String] = [:]
            if let walker = FileManager.default.enumerator(atPath: dir.path) {
                while let name = walker.nextObject() as? String {
                    guard walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                    existing[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                }
            }
            let o = ClientVPNPKI.make(for: e, existing: existing, read: { throw FixtureError("\($0): no certificate files in the examples") }, now: Self.pkiDate)
            guard o.problems.isEmpty else { throw FixtureError("test PKI of \(e.name): \(o.problems)") }
            if !o.newFiles.isEmpty {
                guard GoldenTests.update else { throw FixtureError("no test PKI in \(dir.path); make it with CAUSEWAY_UPDATE_GOLDEN=1") }
                for f in o.newFiles {
                    let u = dir.appendingPathComponent(f.name)
                    try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try f.contents.revealed.write(to: u, atomically: true, encoding: .utf8)
                }
            }
            out[e.name] = o.material
        }
        return out
    }

    /// Targets that cannot render for this scenario, on purpose: S3 and S4 allow only DH group
    /// 2, which Libreswan 4 no longer has.
    var impossibleTargets: Set<RenderTarget> { self == .s3 || self == .s4 ? [.libreswan] : [] }

    /// Every target that renders, for every site and the AWS side; not the diagram, which pictures
    /// the simulator's answers (DiagramTests render it and keep one golden of it).
    func renderAll(_ profile: RenderProfile = .production) throws -> [RenderedFile] {
        let t = try topology()
        let ctx = try context(profile)
        var files: [RenderedFile] = []
        for target in RenderTarget.allCases where !impossibleTargets.contains(target) && target != .diagram {
            files += try RenderPlan(t, only: [target]).run(t, context: ctx)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// What `causeway render FILE --out DIR` writes.
    func renderDefault() throws -> [RenderedFile] {
        let t = try topology()
        return try RenderPlan(t).run(t, context: try context())
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A scratch folder holding rendered files, removed when the value goes away.
final class Scratch {
    let url: URL
    init(_ files: [RenderedFile] = []) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-render-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for f in files { try write(f) }
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ f: RenderedFile) throws {
        let u = url.appendingPathComponent(f.path)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try f.contents.write(to: u, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: Int(f.mode)], ofItemAtPath: u.path)
    }
    func write(_ path: String, _ text: String) throws -> String {
        try write(RenderedFile(path: path, contents: text))
        return self.path(path)
    }
    func path(_ p: String) -> String { url.appendingPathComponent(p).path }
}

extension Array where Element == RenderedFile {
    func file(_ path: String) -> RenderedFile? { first { $0.path == path } }
    func files(endingWith suffix: String) -> [RenderedFile] { filter { $0.path.hasSuffix(suffix) } }
}

extension String {
    /// The text with one line replaced (first line containing `old`): a deliberately broken file.
    func breaking(_ old: String, with new: String) -> String {
        guard let r = range(of: old) else { return self + "\n" + new + "\n" }
        return replacingCharacters(in: r, with: new)
    }
}
