import ArgumentParser
import CausewayCore
import CausewaySim
import Foundation

struct Matrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reachability between every pair of named networks (sites, VPCs, subnets), with the reason for each blocked pair.",
        discussion: """
        Each network is traced from one representative address (an instance or host in
        it, else its first assignable address); a pair is reachable when an ICMP
        request arrives and its reply returns. A network is not paired with one it
        contains or overlaps.

        Where the topology names DNS clients (a site with `dns_servers`; with any
        `dns:`, each VPC's instances), a second table resolves every name the
        topology serves from each of them, as `causeway resolve` does: the answer,
        or why there is none (a broken path to a server breaks the name too).

        Client VPN remote users are sources too: each user's connection is judged by
        its endpoint's connect handler at --at (default now), then routed and
        authorized by the endpoint, to each network.

        Examples:
          causeway matrix examples/s4-tgw-segmentation.yaml
          causeway matrix examples/s0-eks-onprem-db.yaml --fail vpn --format json
          causeway matrix examples/s3-tgw-bgp-strongswan.yaml --at 2026-12-07T10:00+09:00
        """)

    @OptionGroup var options: SimulationOptions
    @OptionGroup var flows: FlowOptions

    func run() throws {
        let sim = try options.simulation()
        let at = try flows.connect.date()
        let m = sim.matrix(threads: flows.threadCount)
        let names = sim.nameMatrix()
        let users = sim.remoteUserMatrix(at: at, networks: m.networks)
        if options.format == .json {
            print(try jsonString(MatrixReport(matrix: m, names: names, remoteUsers: users)))
            return
        }
        let nets = m.networks
        var out = ["reachability\(sim.failureSuffix): row = from, column = to (✓ reachable, ✗ blocked, · not paired)"]
        var rows: [[String]] = [[""] + [""] + nets.indices.map { String($0 + 1) }]
        for (i, n) in nets.enumerated() {
            rows.append([String(i + 1), "\(n.name) \(n.representative)"] + nets.indices.map { j in
                guard let o = m.outcome(from: i, to: j) else { return "·" }
                return o.reachable ? "✓" : "✗"
            })
        }
        out.append(columns(rows, gap: 1))
        let blocked = m.entries.filter { !$0.reachable }
        if !blocked.isEmpty {
            out.append("")
            out.append("blocked")
            out.append(columns(blocked.map { ["\($0.from) → \($0.to)", $0.reason?.rawValue ?? "", $0.detail ?? ""] }))
        }
        let total = m.entries.count
        out.append("")
        out.append("\(total - blocked.count) of \(total) pairs reachable")
        /// A titled table and its count line, when it has rows.
        func section(_ title: String, _ rows: [[String]], _ summary: String) {
            guard !rows.isEmpty else { return }
            out += ["", title, columns(rows), "", summary]
        }
        section("remote users\(sim.failureSuffix) at \(ISO8601DateFormatter().string(from: at)): from → network (✓ reachable, ✗ blocked)",
                users.map { u in [u.from, u.to, u.reachable ? "✓" : "✗ \(u.reason?.rawValue ?? "")", u.detail ?? ""] },
                "\(users.filter(\.reachable).count) of \(users.count) remote-user pairs reachable")
        section("names\(sim.failureSuffix): from → name (✓ answer, ✗ why not)", names.map { e in
            let result = e.answered ? "✓ \(e.answers.map(\.description).joined(separator: ", "))" : "✗ \(e.outcome.rawValue): \(e.reason ?? "")"
            return ["\(e.from) \(e.client)", "\(e.name) \(e.type.api)", result, e.via.isEmpty ? "" : "via \(e.via.joined(separator: ", "))"]
        }, "\(names.filter(\.answered).count) of \(names.count) names answered")
        print(out.joined(separator: "\n"))
    }
}

/// `matrix --format json`: the reachability matrix's `networks` and `entries`, and `names` (the
/// name-to-address rows; empty where the topology names no DNS clients).
struct MatrixReport: Encodable {
    let matrix: ReachabilityMatrix
    let names: [NameMatrixEntry]
    /// Client VPN remote users to each network; the key is left out when there are none.
    let remoteUsers: [RemoteUserMatrixEntry]
    enum CodingKeys: String, CodingKey { case names, remoteUsers }
    func encode(to encoder: Encoder) throws {
        try matrix.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(names, forKey: .names)
        if !remoteUsers.isEmpty { try c.encode(remoteUsers, forKey: .remoteUsers) }
    }
}
