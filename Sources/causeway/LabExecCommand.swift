import ArgumentParser
import CausewayLab
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct LabExec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command inside one node of the lab (its network namespace).",
        discussion: """
        NODE is a node name as `lab status` lists it (`site:onprem`, `lan:onprem`,
        `cgw-tunnel:vpn/1`, `aws-tunnel:vpn/1`, `edge:vpn`, `tgw:tgw`, `vpc:eks`,
        `internet`; with Route 53 failover `route53` and `web:NAME`; with Client VPN
        `cvpn:ENDPOINT` and `user:NAME`) or its namespace
        (cw-s0-s1). The command's exit status is passed on.

        Examples:
          sudo causeway lab exec site:onprem -- ip route
          sudo causeway lab exec lan:onprem -- ping -c 3 172.20.12.10
          sudo causeway lab exec edge:vpn -- vtysh --vty_socket /run/causeway-lab/s0/e1/frr -c 'show bgp summary'
          sudo causeway lab exec lan:idc -- dig +short @192.168.2.250 web1.awsanycompany.corp
        """)

    @Argument(help: "The node.") var node: String
    @Argument(parsing: .postTerminator, help: "The command, after --.") var command: [String] = []
    @OptionGroup var lab: LabOptions

    func run() throws {
        try lab.requireMachine()
        guard !command.isEmpty else {
            printErr("causeway: give the command after --, e.g. `causeway lab exec \(node) -- ip addr`")
            throw Exit.unusable
        }
        let state = try lab.state(try lab.resolveName(file: nil))
        guard let n = state.nodes.first(where: { $0.name == node || $0.namespace == node }) else {
            printErr("causeway: no node `\(node)` in lab \(state.name); nodes: \(state.nodes.map(\.name).joined(separator: ", "))")
            throw Exit.unusable
        }
        let argv = ["ip", "netns", "exec", n.namespace] + command
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let rc = posix_spawnp(&pid, argv[0], nil, nil, cArgs, environ)
        guard rc == 0 else {
            printErr("causeway: cannot run ip: \(String(cString: strerror(rc)))")
            throw Exit.unusable
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        if code != 0 { throw ExitCode(code) }
    }
}
