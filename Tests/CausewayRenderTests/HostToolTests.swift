import CausewayCore
import CausewayRender
import Foundation
import Testing

/// The gateway host's files: systemd units pass `systemd-analyze verify` installed in a private
/// mount namespace, the nftables ruleset passes `nft -c`, the iptables fallback
/// `iptables-restore --test`, and the shell scripts `sh -n`.
@Suite struct HostToolTests {
    @Test(arguments: Scenario.allCases)
    func systemdUnitsVerify(_ s: Scenario) throws {
        guard Tools.requireRoot("SYSTEMD"),
              Tools.require("systemd-analyze", skipName: "SYSTEMD", install: "systemd") != nil else { return }
        let files = try s.renderAll()
        let dir = try Scratch(files)
        for site in try s.topology().sites where site.gateway != nil {
            let base = "sites/\(site.name)"
            let updown = files.file("\(base)/strongswan-legacy/causeway-updown") != nil ? [dir.path("\(base)/strongswan-legacy/causeway-updown")] : []
            let r = try Tools.script("check-systemd.sh", [dir.path("\(base)/systemd")] + updown)
            #expect(Verdict.systemd(r), "\(base)/systemd:\n\(r)")
        }
    }

    @Test(arguments: Scenario.allCases)
    func firewallRulesParse(_ s: Scenario) throws {
        guard Tools.requireRoot("NFTABLES") else { return }
        let files = try s.renderAll()
        let dir = try Scratch(files)
        for f in files.files(endingWith: "/firewall/causeway.nft") {
            guard Tools.require("nft", skipName: "NFTABLES", install: "nftables") != nil else { return }
            let r = try Tools.script("check-netfilter.sh", ["nft", dir.path(f.path)])
            #expect(Verdict.netfilter(r), "\(f.path):\n\(r)")
        }
        for f in files.files(endingWith: "/firewall/iptables.rules") {
            guard Tools.require("iptables-restore", skipName: "IPTABLES", install: "iptables") != nil else { return }
            let r = try Tools.script("check-netfilter.sh", ["iptables", dir.path(f.path)])
            #expect(Verdict.netfilter(r), "\(f.path):\n\(r)")
        }
    }

    @Test(arguments: Scenario.allCases)
    func scriptsParse(_ s: Scenario) throws {
        let files = try s.renderAll()
        let dir = try Scratch(files)
        for f in files where f.mode == 0o755 {
            let r = try Tools.run("/bin/sh", ["-n", dir.path(f.path)])
            #expect(r.status == 0 && r.output.isEmpty, "\(f.path):\n\(r)")
        }
    }
}
