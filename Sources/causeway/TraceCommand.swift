import ArgumentParser
import CausewayCore
import CausewaySim

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trace a packet hop by hop from one address to another, and its reply back.",
        discussion: """
        Both addresses must be inside a modelled subnet or site CIDR. An address with
        no instance or host is traced as a test host (no security group). Security
        groups are stateful: the reply is not checked against them.

        The source may be a Client VPN remote user (user:NAME, or cvpn:ENDPOINT/USER
        when several endpoints have one so named) or an address in a client CIDR (an
        anonymous client): the connect handler judges the connection at --at, the
        endpoint's route table and authorization rules decide, and the packet leaves
        the endpoint's interface in the associated subnet, source-NATed to it.

        Exit status: 0 the packet is delivered and the reply returns, 1 it is not (the
        reason is printed: no-route, blackhole, tunnel-down, bgp-down,
        propagation-disabled, vgw-not-attached, sg-denied, source-dest-check,
        no-return-route, ttl-exceeded, connection-refused, not-authorized), 2 the
        input cannot be used.

        Examples:
          causeway trace examples/s4-tgw-segmentation.yaml --from 10.10.141.106 --to 10.30.12.85
          causeway trace examples/s0-eks-onprem-db.yaml --from 192.168.2.10 --to 172.20.12.10 --fail vpn/1
          causeway trace examples/s0-eks-onprem-db.yaml --from pod:tc-eks/workers --to 192.168.2.10 --protocol tcp --port 3306
          causeway trace examples/s1-cloudformation-static.yaml --from 10.60.1.10 --to 10.0.0.100 --protocol tcp --port 22 --format json
          causeway trace examples/s3-tgw-bgp-strongswan.yaml --from user:client1.domain.tld --to 192.168.2.20 --at 2026-12-07T10:00+09:00
        """)

    @OptionGroup var options: SimulationOptions
    @Option(help: ArgumentHelp("Source: an address, or a Client VPN remote user (user:NAME, cvpn:ENDPOINT/USER), or a pod of an EKS node group (pod:CLUSTER/NODEGROUP[/SUBNET]).", valueName: "SOURCE")) var from: TraceSource
    @Option(help: ArgumentHelp("Destination: an address, or a host, router or instance of the topology.", valueName: "DESTINATION")) var to: TraceDestination
    @Option(name: .customLong("protocol"), help: "icmp, tcp or udp.") var proto: TraceProtocol = .icmp
    @Option(help: "Destination port (tcp, udp).") var port: Int?
    @OptionGroup var connect: ConnectTimeOption

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0–65535") }
        if port != nil && proto == .icmp { throw ValidationError("--port needs --protocol tcp or udp") }
    }

    func run() throws {
        let sim = try options.simulation()
        let at = try connect.date()
        let r = try exiting(Exit.unusable) { try sim.trace(from: from, to: to, protocol: proto.ipProtocol, port: port, at: at) }
        try options.report(r, failed: !r.reachable) { render(r, sim) }
    }

    func render(_ r: TraceResult, _ sim: Simulation) -> String {
        var out = ["trace \(r.from) → \(r.to) \(r.protocol.rawValue)\(r.port.map { "/\($0)" } ?? "")\(sim.failureSuffix)"]
        func hops(_ list: [TraceHop]) -> String {
            columns(list.enumerated().map { i, h in
                [String(i + 1), h.action.rawValue, h.node, [h.route, h.detail].compactMap { $0 }.joined(separator: "  ")]
            })
        }
        out.append(hops(r.hops))
        if !r.returnHops.isEmpty {
            out.append("reply \(r.to) → \(r.from)")
            out.append(hops(r.returnHops))
        }
        for n in r.notes { out.append("note: \(n)") }
        if r.reachable {
            out.append(r.verdictLine)
        } else {
            out.append("unreachable: \(r.reason?.rawValue ?? "dropped") — \(r.detail ?? "")")
        }
        return out.joined(separator: "\n")
    }
}

extension IPv4Address: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// What `trace --protocol` takes: a protocol a packet has (not `all`), in any case.
enum TraceProtocol: String, ExpressibleByArgument, CaseIterable {
    case icmp, tcp, udp
    init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    var ipProtocol: IPProtocol {
        switch self {
        case .icmp: .icmp
        case .tcp: .tcp
        case .udp: .udp
        }
    }
}
