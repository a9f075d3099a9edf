import CausewayCore
import CausewayRender
import Foundation
import Testing

/// Libreswan with IKEv1 (issue 11, fault 6). Libreswan 5.0 made `ikev1-policy=drop` the default
/// (github.com/libreswan/libreswan CHANGES, v5.0), Debian's Libreswan 4 packages did so from
/// 4.5-2 (the 4.10 package's NEWS.Debian), and pluto then refuses to load an IKEv1 conn: "global
/// ikev1-policy does not allow IKEv1 connections". `ikev1-policy` is a `config setup` keyword
/// (since 4.2; ipsec.conf(5)), and Libreswan 4 keeps only the first `config setup` it reads, so a
/// render with IKEv1 tunnels writes /etc/ipsec.conf with it.
@Suite struct LibreswanIKEv1Tests {
    /// S0 (Libreswan, AES256/SHA2-256/DH14, dnf-based) with IKEv1 instead of IKEv2.
    static func s0IKEv1() throws -> [RenderedFile] {
        let t = try IPsecTuningTests.variant(.s0) { $0.replacingOccurrences(of: "ike_versions: [ikev2]", with: "ike_versions: [ikev1]") }
        return try IPsecTuningTests.render(t, .libreswan, .s0)
    }

    @Test func ikev1RendersTheMainFileWithIKEv1Allowed() throws {
        let files = try Self.s0IKEv1()
        let main = try #require(files.file("sites/onprem/libreswan/ipsec.conf"), "\(files.map(\.path))")
        #expect(main.mode == 0o644)
        #expect(main.contents.contains("\nconfig setup\n    ikev1-policy=accept\n\n"))
        // The distribution's includes stay (rocky: dnf-based, with crypto-policies), ours last.
        #expect(main.contents.hasSuffix("include /etc/crypto-policies/back-ends/libreswan.config\ninclude /etc/ipsec.d/*.conf\n"))
        #expect(main.contents.contains("Install as /etc/ipsec.conf"))
        let conf = try #require(files.file("sites/onprem/libreswan/causeway.conf")).contents
        #expect(conf.contains("    ikev2=no\n"))
        #expect(conf.contains("install ipsec.conf from this folder as /etc/ipsec.conf"))
        #expect(!conf.contains("config setup"), "a second `config setup` is ignored by Libreswan 4")
    }

    /// IKEv2 needs nothing in /etc/ipsec.conf: no main file.
    @Test(arguments: [Scenario.s0, .s1, .s2])
    func ikev2RendersNoMainFile(_ s: Scenario) throws {
        let files = try s.renderAll()
        #expect(files.files(endingWith: "/libreswan/ipsec.conf").isEmpty)
        #expect(!(try IPsecTuningTests.text(files, "/libreswan/causeway.conf")).contains("ikev1-policy"))
    }

    /// Libreswan 4.10's own parser: a `config setup` after the first (as in an included
    /// /etc/ipsec.d/*.conf) is ignored, which is why the setting goes to /etc/ipsec.conf; the
    /// rendered main file sets it.
    @Test func addconnHonoursOnlyTheFirstConfigSetup() throws {
        guard let root = Tools.libreswanRoot() else { return }
        let files = try Self.s0IKEv1()
        let dir = try Scratch(files)
        let exec = "\(root)/usr/libexec/ipsec"
        func policy(_ main: String) throws -> String {
            var env = ProcessInfo.processInfo.environment
            env["IPSEC_EXECDIR"] = exec
            let r = try Tools.run("\(root)/usr/sbin/ipsec", ["addconn", "--configsetup", "--config", main], environment: env)
            return r.stdout.split(separator: "\n").first { $0.hasPrefix("export ikev1_policy=") }.map(String.init) ?? r.output
        }
        let stock = try dir.write("stock.conf", "config setup\n    plutodebug=none\n")
        let included = try dir.write("included.conf", "config setup\n    plutodebug=none\ninclude \(dir.path("policy.conf"))\n")
        _ = try dir.write("policy.conf", "config setup\n    ikev1-policy=accept\n")
        let rendered = try dir.write("rendered.conf", (try #require(files.file("sites/onprem/libreswan/ipsec.conf")).contents)
            .replacingOccurrences(of: "include /etc/crypto-policies/back-ends/libreswan.config\n", with: "")
            .replacingOccurrences(of: "include /etc/ipsec.d/*.conf", with: "include \(dir.path("sites/onprem/libreswan/causeway.conf"))"))
        let accept = try policy(try dir.write("accept.conf", "config setup\n    ikev1-policy=accept\n"))
        let byDefault = try policy(stock), fromInclude = try policy(included), fromRendered = try policy(rendered)
        #expect(byDefault != accept, "this Libreswan drops IKEv1 by default")
        #expect(fromInclude == byDefault, "a second `config setup` is ignored")
        #expect(fromRendered == accept)
    }

    /// pluto itself: the IKEv1 conns load with the rendered /etc/ipsec.conf, and not without it.
    @Test func ikev1ConnsLoadIntoPlutoOnlyWithTheMainFile() throws {
        let files = try Self.s0IKEv1()
        let dir = try Scratch(files)
        let conf = dir.path("sites/onprem/libreswan/causeway.conf"), secrets = dir.path("sites/onprem/libreswan/causeway.secrets")
        guard let with = try LibreswanToolTests.pluto(conf, secrets, main: dir.path("sites/onprem/libreswan/ipsec.conf")),
              let without = try LibreswanToolTests.pluto(conf, secrets) else { return }
        let conns = ["vpn-tunnel1", "vpn-tunnel2"]
        #expect(Verdict.pluto(with, connections: conns), "\(with)")
        #expect(with.stdout.contains("\"vpn-tunnel1\": added IKEv1 connection"))
        #expect(!Verdict.pluto(without, connections: conns))
        #expect(without.stdout.contains("global ikev1-policy does not allow IKEv1 connections"), "\(without)")
    }

    /// addconn and algparse accept the IKEv1 conn file (one algorithm of a kind per proposal).
    @Test func ikev1ConnPassesAddconnAndAlgparse() throws {
        let files = try Self.s0IKEv1()
        let dir = try Scratch(files)
        guard let r = try LibreswanToolTests.check(dir.path("sites/onprem/libreswan/causeway.conf")) else { return }
        LibreswanToolTests.expectAccepted(r, "the IKEv1 conns")
    }
}
