import CausewayCore
import CausewayRender
import Foundation
import Testing

/// What the IPsec renderers offer and schedule against AWS's endpoints: algorithms when the
/// topology leaves AWS's defaults (issue 11, fault 8), IKEv2 dead-peer detection through charon's
/// retransmits (fault 10), and IKEv1 lifetimes within AWS's (fault 11).
@Suite struct IPsecTuningTests {
    static func load(_ yaml: String, file: String) throws -> Topology {
        let r = Loader.load(text: yaml, file: file)
        return try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
    }

    static func variant(_ s: Scenario, _ edit: (String) -> String) throws -> Topology {
        let yaml = try String(contentsOf: Repo.root.appendingPathComponent(s.file), encoding: .utf8)
        let edited = edit(yaml)
        #expect(edited != yaml, "the variant of \(s) changed nothing")
        return try load(edited, file: s.file)
    }

    static func render(_ t: Topology, _ target: RenderTarget, _ s: Scenario) throws -> [RenderedFile] {
        try RenderPlan(t, only: [target]).run(t, context: try s.context())
    }

    static func text(_ files: [RenderedFile], _ suffix: String) throws -> String {
        try #require(files.files(endingWith: suffix).first, "no \(suffix) in \(files.map(\.path))").contents
    }

    /// Every value of `key = v` (swanctl) or `key=v` (ipsec.conf, Libreswan) in file order.
    static func values(_ text: String, _ key: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            for sep in [" = ", "="] where t.hasPrefix(key + sep) { return String(t.dropFirst(key.count + sep.count)) }
            return nil
        }
    }

    static func seconds(_ v: String) -> Int? { Int(v.hasSuffix("s") ? String(v.dropLast()) : v) }

    // MARK: fault 8: algorithms with AWS's default lists

    /// AWS's endpoints pick the lowest value in AWS's own order among what the gateway offers,
    /// whatever the gateway's order (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html,
    /// the note above the option list): with the default lists (everything allowed) the gateway
    /// must not offer SHA1, DH 2/5 or AES128 at all. It offers AWS's recommended AES256 /
    /// AES256-GCM, SHA2-256 and DH 14 and stronger, strongest first.
    @Test func awsDefaultListsOfferOnlyTheRecommendedAlgorithms() throws {
        let files = try Scenario.s1.renderAll()
        let lib = try Self.text(files, "/libreswan/causeway.conf")
        let dh = "dh21+dh20+dh19+modp4096+modp3072+modp2048"
        #expect(Self.values(lib, "ike") == ["aes_gcm256-sha2_512+sha2_384+sha2_256;\(dh),aes256-sha2_512+sha2_384+sha2_256;\(dh)"])
        #expect(Self.values(lib, "phase2alg") == ["aes_gcm256;\(dh),aes256-sha2_512+sha2_384+sha2_256;\(dh)"])
        let ssDH = "ecp521-ecp384-ecp256-modp4096-modp3072-modp2048"
        let swanctl = try Self.text(files, "/strongswan/swanctl.conf")
        #expect(Set(Self.values(swanctl, "proposals")) == ["aes256gcm16-prfsha512-prfsha384-prfsha256-\(ssDH),aes256-sha512-sha384-sha256-\(ssDH)"])
        #expect(Set(Self.values(swanctl, "esp_proposals")) == ["aes256gcm16-\(ssDH),aes256-sha512-sha384-sha256-\(ssDH)"])
        let legacy = try Self.text(files, "/strongswan-legacy/ipsec.conf")
        #expect(Set(Self.values(legacy, "ike")) == ["aes256gcm16-prfsha512-prfsha384-prfsha256-\(ssDH),aes256-sha512-sha384-sha256-\(ssDH)!"])
        for text in [lib, swanctl, legacy] {
            for weak in ["sha1", "modp1024", "modp1536", "aes128", "modp1024s"] {
                #expect(!text.contains(weak), "\(weak) offered")
            }
        }
    }

    /// A topology that names algorithms gets exactly what both it and AWS allow, in its order.
    @Test func pinnedAlgorithmsAreOfferedExactly() throws {
        let t = try Self.variant(.s0) {
            $0.replacingOccurrences(of: "phase1: {proposal: aes256-sha256-modp2048,", with: "phase1: {proposal: aes128-aes256-sha1-sha256-modp2048-ecp256,")
        }
        let sw = try Self.text(try Self.render(t, .strongswan, .s0), "/strongswan/swanctl.conf")
        #expect(Set(Self.values(sw, "proposals")) == ["aes128-aes256-sha1-sha256-modp2048-ecp256"])
        let lib = try Self.text(try Self.render(t, .libreswan, .s0), "/libreswan/causeway.conf")
        #expect(Set(Self.values(lib, "ike")) == ["aes128-sha1+sha2_256;modp2048+dh19,aes256-sha1+sha2_256;modp2048+dh19"])
        // S0 pins one of each: unchanged.
        let s0 = try Self.text(try Scenario.s0.renderAll(), "/strongswan/swanctl.conf")
        #expect(Set(Self.values(s0, "proposals")) == ["aes256-sha256-modp2048"])
        #expect(Set(Self.values(s0, "esp_proposals")) == ["aes256gcm16-modp1536"])
    }

    /// IKEv1 quick mode carries one KE payload, so every phase 2 proposal names the same PFS
    /// group (RFC 2409 section 5.5); Libreswan's IKEv1 parser takes one algorithm of a kind per
    /// proposal (its `algparse -v1` refuses `+`), so each combination is its own proposal.
    @Test func ikev1OffersOnePFSGroupAndLibreswanSplitsProposals() throws {
        let t = try Self.variant(.s1) {
            $0.replacingOccurrences(of: "    tunnels:\n      - outside_ip: 3.36.210.63", with: "    tunnel_options: {ike_versions: [ikev1]}\n    tunnels:\n      - outside_ip: 3.36.210.63")
        }
        let lib = try Self.text(try Self.render(t, .libreswan, .s1), "/libreswan/causeway.conf")
        let ike = try #require(Self.values(lib, "ike").first)
        #expect(ike.split(separator: ",").count == 9, "1 cipher × 3 integrity × 3 MODP groups: \(ike)")
        #expect(ike.hasPrefix("aes256-sha2_512;modp4096,aes256-sha2_512;modp3072,"))
        #expect(Self.values(lib, "phase2alg").first == "aes_gcm256;modp4096,aes256-sha2_512;modp4096,aes256-sha2_384;modp4096,aes256-sha2_256;modp4096")
        let sw = try Self.text(try Self.render(t, .strongswan, .s1), "/strongswan/swanctl.conf")
        #expect(Self.values(sw, "proposals").first == "aes256-sha512-sha384-sha256-ecp521-ecp384-ecp256-modp4096-modp3072-modp2048")
        #expect(Self.values(sw, "esp_proposals").first == "aes256gcm16-ecp521,aes256-sha512-sha384-sha256-ecp521")
    }

    // MARK: fault 10: IKEv2 dead-peer detection

    /// Seconds from the last packet heard until charon gives up on an IKEv2 peer: the DPD request
    /// leaves after dpd_delay, then retransmit_timeout × Σ retransmit_base^i for
    /// i = 0…retransmit_tries (https://docs.strongswan.org/docs/latest/config/retransmission.html;
    /// strongSwan's defaults 4 s, 1.8, 5 tries give 165 s). `nil` when the snippet leaves the
    /// defaults.
    static func ikev2DeadAfter(charon: String, dpdDelay: Double = 10) -> Double? {
        guard let tries = values(charon, "retransmit_tries").first.flatMap({ Int($0) }),
              let timeout = values(charon, "retransmit_timeout").first.flatMap({ Double($0) }),
              let base = values(charon, "retransmit_base").first.flatMap({ Double($0) }) else { return nil }
        return dpdDelay + (0...tries).reduce(0.0) { s, i in s + timeout * pow(base, Double(i)) }
    }

    /// AWS's DPD timeout of D seconds means "dead D − 10 s after the first failed keep-alive"
    /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html); S0 sets 30 s. Both
    /// strongSwan renderers' charon snippets make charon give up within a second of it.
    @Test(arguments: ["strongswan", "strongswan-legacy"])
    func ikev2DetectsADeadPeerNearAWSsDPDTimeout(_ dir: String) throws {
        let charon = try Self.text(try Scenario.s0.renderAll(), "/\(dir)/charon-causeway.conf")
        let dead = try #require(Self.ikev2DeadAfter(charon: charon), "no retransmit settings: charon's defaults give up after ~165 s\n\(charon)")
        #expect(abs(dead - 30) < 1, "dead after \(dead) s")
        #expect(charon.contains("    install_routes = no\n"))
        // dpdtimeout is IKEv1's: an IKEv2 conn does not carry it.
        let legacy = try Self.text(try Scenario.s0.renderAll(), "/strongswan-legacy/ipsec.conf")
        #expect(!legacy.contains("dpdtimeout"))
        let swanctl = try Self.text(try Scenario.s0.renderAll(), "/strongswan/swanctl.conf")
        #expect(!swanctl.contains("dpd_timeout"))
    }

    /// charon's retransmit settings are global: with tunnels of 30 s and 60 s, the shortest wins.
    @Test func theShortestDPDTimeoutGovernsCharon() throws {
        let t = try Self.variant(.s0) {
            $0.replacingOccurrences(of: "        psk: {env: S0_TUNNEL2_PSK}\n", with: "        psk: {env: S0_TUNNEL2_PSK}\n        dpd_timeout: 60\n")
                .replacingOccurrences(of: "      dpd_timeout: 30\n", with: "      dpd_timeout: 45\n")
        }
        let charon = try Self.text(try Self.render(t, .strongswan, .s0), "/strongswan/charon-causeway.conf")
        let dead = try #require(Self.ikev2DeadAfter(charon: charon))
        #expect(abs(dead - 45) < 1, "dead after \(dead) s")
    }

    /// IKEv1 has its own DPD timeout: an IKEv1-only gateway keeps charon's retransmit defaults.
    @Test func ikev1GatewaysKeepDPDTimeout() throws {
        let files = try Scenario.s3.renderAll()
        #expect(Self.ikev2DeadAfter(charon: try Self.text(files, "/strongswan/charon-causeway.conf")) == nil)
        #expect(Set(Self.values(try Self.text(files, "/strongswan/swanctl.conf"), "dpd_timeout")) == ["30s"])
        #expect(Set(Self.values(try Self.text(files, "/strongswan-legacy/ipsec.conf"), "dpdtimeout")) == ["30s"])
    }

    // MARK: fault 11: lifetimes within AWS's

    /// strongSwan's IKEv1 main mode proposes rekey_time + over_time (over_time defaults to 10 %
    /// of rekey_time) and quick mode the CHILD_SA's life_time (default 110 % of rekey_time)
    /// (https://docs.strongswan.org/docs/latest/swanctl/swanctlConf.html); AWS allows at most the
    /// tunnel's phase 1 / phase 2 lifetime and rekeys its rekey margin before it
    /// (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html). S3 (IKEv1) and S0 (IKEv2):
    /// 28,800 s / 3,600 s, margin 270 s.
    @Test(arguments: [Scenario.s3, .s0])
    func swanctlProposesAtMostAWSsLifetimes(_ s: Scenario) throws {
        let t = try s.topology()
        let o = try #require(t.vpnConnections.first?.tunnels.first?.options)
        let sw = try Self.text(try s.renderAll(), "/strongswan/swanctl.conf")
        let rekeys = Self.values(sw, "rekey_time").compactMap(Self.seconds)
        let overs = Self.values(sw, "over_time").compactMap(Self.seconds)
        let lives = Self.values(sw, "life_time").compactMap(Self.seconds)
        // Per connection: the IKE SA's rekey_time, then its child's.
        try #require(rekeys.count == 4 && overs.count == 2 && lives.count == 2, "over_time/life_time left to strongSwan's 110 % defaults:\n\(sw)")
        for c in 0..<2 {
            let ikeRekey = rekeys[2 * c], childRekey = rekeys[2 * c + 1]
            let proposedIKE = ikeRekey + overs[c]                      // main mode's lifetime
            #expect(proposedIKE <= o.phase1Lifetime)
            #expect(ikeRekey <= o.phase1Lifetime - o.rekeyMarginTime)
            #expect(lives[c] <= o.phase2Lifetime)                        // quick mode's lifetime
            #expect(childRekey <= o.phase2Lifetime - o.rekeyMarginTime)
        }
        #expect(Set(Self.values(sw, "rand_time")) == ["\(o.rekeyMarginTime)s"])
    }

    /// ipsec.conf's ikelifetime/lifetime are the hard lifetimes stroke proposes (it rekeys
    /// margintime before them, with margintime as over time): they are AWS's, and margintime is
    /// AWS's rekey margin (https://docs.strongswan.org/docs/latest/config/rekeying.html).
    @Test func legacyLifetimesAreAWSs() throws {
        let legacy = try Self.text(try Scenario.s3.renderAll(), "/strongswan-legacy/ipsec.conf")
        #expect(Set(Self.values(legacy, "ikelifetime")) == ["28800s"])
        #expect(Set(Self.values(legacy, "lifetime")) == ["3600s"])
        #expect(Set(Self.values(legacy, "margintime")) == ["270s"])
        #expect(!legacy.contains("rekeyfuzz"), "rekeyfuzz stays 100 %: randomised over one margin, as swanctl's rand_time")
    }

    /// The lab's one-connection files carry the same algorithms and lifetimes.
    @Test func labProfileCarriesTheSameTuning() throws {
        let t = try Scenario.s3.topology()
        let lab = try RenderPlan(t, only: [.strongswan]).run(t, context: try Scenario.s3.context(.lab))
        for f in lab {
            #expect(f.contents.contains("        rekey_time = 28530s\n        over_time = 270s\n        rand_time = 270s\n"))
            #expect(f.contents.contains("                rekey_time = 3330s\n                life_time = 3600s\n                rand_time = 270s\n"))
        }
    }
}
