import Foundation
@testable import CausewayCore

/// The repository's files, found from this source file's path.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let exampleNames = ["s0-eks-onprem-db", "s1-cloudformation-static", "s2-openstack", "s3-tgw-bgp-strongswan", "s4-tgw-segmentation", "s5-dx-vpn-backup"]

    static func example(_ name: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent("examples/\(name).yaml"), encoding: .utf8)) ?? ""
    }

    static var brokenFiles: [String] {
        let dir = root.appendingPathComponent("examples/broken")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func broken(_ rule: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent("examples/broken/\(rule).yaml"), encoding: .utf8)) ?? ""
    }

    /// Lines (1-based) carrying `# expect: RULE`.
    static func expectedLines(_ text: String, rule: String) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, line in
            guard let r = line.range(of: "# expect: ") else { return nil }
            let rest = line[r.upperBound...].prefix { !$0.isWhitespace && $0 != "—" }
            return rest == rule ? i + 1 : nil
        }
    }

    /// A small, clean topology: one site on a VGW over BGP. Every rule is silent on it.
    static let base = """
    name: base
    region: ap-northeast-2
    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.10
          asn: 65000
          routing: bgp
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
        route_tables:
          main:
            main: true
            propagations: [vgw]
    vpn_gateways:
      vgw: {vpc: app}
    vpn_connections:
      vpn:
        customer_gateway: dc
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

    """

    /// The same on a transit gateway.
    static let baseTGW = """
    name: base-tgw
    region: ap-northeast-2
    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.10
          asn: 65000
          routing: bgp
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
        route_tables:
          main:
            main: true
            routes:
              - {destination: 192.168.0.0/16, target: tgw}
    transit_gateways:
      tgw:
        attachments:
          app-att: {vpc: app, subnets: [a]}
    vpn_connections:
      vpn:
        customer_gateway: dc
        transit_gateway: tgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

    """

    static func check(_ text: String, file: String = "t.yaml") -> LoadResult {
        loadAndCheck(data: Array(text.utf8), file: file)
    }
}

extension String {
    /// Replaces the first occurrence; throws when the fixture does not contain it.
    func replacing1(_ old: String, _ new: String) throws -> String {
        guard let r = range(of: old) else { throw FixtureError.missing(old) }
        return replacingCharacters(in: r, with: new)
    }
}

enum FixtureError: Error { case missing(String) }

/// A small deterministic generator (SplitMix64), so property and fuzz tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension LoadResult {
    var errorRules: Set<String> { Set(diagnostics.filter { $0.severity == .error }.map(\.rule)) }
    var rules: Set<String> { Set(diagnostics.map(\.rule)) }
}
