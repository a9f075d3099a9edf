import ArgumentParser
import CausewayCore
import CausewaySim

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resolve a DNS name as a client would, hop by hop over the simulated network.",
        discussion: """
        An on-premises address asks its site's DNS server (dns_servers); the server
        answers from a zone it serves or forwards per its forward zones. An address in
        a VPC asks the VPC's Route 53 Resolver, which applies the VPC's Resolver rules
        (forwarding through the outbound endpoint) and private hosted zones. Every query
        between servers is traced (UDP 53), so --fail breaks DNS where it breaks the path.

        Exit status: 0 with an answer, 1 without one (nxdomain, unreachable, loop,
        not-modelled; the reason is printed), 2 the input cannot be used.

        Examples:
          causeway resolve examples/s3-tgw-bgp-strongswan.yaml web1.awsanycompany.corp --from 192.168.2.20
          causeway resolve examples/s3-tgw-bgp-strongswan.yaml websrv.anycompany.corp --from 10.0.10.10
          causeway resolve examples/s3-tgw-bgp-strongswan.yaml web1.awsanycompany.corp --from 192.168.2.20 --fail vpn/1 --fail vpn/2
        """)

    @OptionGroup var options: SimulationOptions
    @Argument(help: "The name to resolve.") var name: DNSName
    @Option(help: "The client's address.") var from: IPv4Address
    @Option(help: "Record type: A, AAAA, CNAME or TXT.") var type: DNSRecordType = .a

    func run() throws {
        let sim = try options.simulation()
        let r = try exiting(Exit.unusable) { try sim.resolve(name, type: type, from: from) }
        try options.report(r, failed: !r.answered) {
            var out = ["resolve \(r.name) \(r.type.api) from \(r.from)\(sim.failureSuffix)"]
            out.append(columns(r.hops.enumerated().map { i, h in [String(i + 1), h.step.rawValue, h.node, h.detail] }))
            if r.answered {
                out.append("answer: \(r.answers.map(\.description).joined(separator: ", "))")
            } else {
                out.append("no answer: \(r.outcome.rawValue) — \(r.reason ?? "")")
            }
            return out.joined(separator: "\n")
        }
    }
}

extension DNSName: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension DNSRecordType: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
