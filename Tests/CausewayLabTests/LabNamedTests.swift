import CausewayCore
import CausewayLab
import Foundation
import Testing

/// The lab's `named` configuration: the rendered BIND files with the lab's paths, listen and
/// source addresses, no default forwarders; accepted by `named-checkconf -z` (bind9).
@Suite struct LabNamedTests {
    /// A server authoritative for one zone and forwarding another, as S3's DNSSRV.
    static func server() throws -> DNSServer {
        var s = DNSServer(name: "dns", path: "x", address: IPv4Address(192, 168, 2, 250))
        s.forwarders = [IPv4Address(8, 8, 8, 8)]
        var z = DNSServerZone(name: try #require(DNSName("corp.example")), path: "z")
        var r = DNSRecord(path: "r", name: try #require(DNSName("www.corp.example")), type: .a)
        r.values = [.ipv4(IPv4Address(192, 168, 2, 20))]
        z.records = [r]
        s.zones = [z]
        var f = DNSForwardZone(name: try #require(DNSName("aws.example")), path: "f")
        f.forwarders = [IPv4Address(10, 0, 1, 250), IPv4Address(10, 0, 2, 250)]
        s.forwardZones = [f]
        return s
    }

    func named(_ dir: String) throws -> LabNamed {
        LabNamed(node: "lan:onprem", namespace: "cw-t-l1", directory: dir, server: try Self.server(),
                 listen: [IPv4Address(192, 168, 2, 250)], querySource: IPv4Address(192, 168, 2, 250))
    }

    @Test func labOptionsReplaceTheRenderedPathsAndDropTheDefaultForwarders() throws {
        let t = try Repo.topology("s3-tgw-bgp-strongswan")
        let n = try named("/run/causeway-lab/t/dns-dns")
        let conf = n.namedConf(in: t)
        #expect(conf.contains("    directory \"/run/causeway-lab/t/dns-dns\";"))
        #expect(conf.contains("    pid-file \"/run/causeway-lab/t/dns-dns/named.pid\";"))
        #expect(conf.contains("    listen-on { 192.168.2.250; };"))
        #expect(conf.contains("    query-source address 192.168.2.250;"))
        #expect(conf.contains("file \"/run/causeway-lab/t/dns-dns/db.corp.example\";"))
        #expect(conf.contains("forwarders { 10.0.1.250; 10.0.2.250; };"))
        #expect(!conf.contains("8.8.8.8"), "the lab never queries outside forwarders")
        let statements = conf.split(separator: "\n").filter { !$0.hasPrefix("//") }
        #expect(!statements.contains { $0.contains("/var/cache/bind") || $0.contains("/etc/bind/causeway") }, "only the render's banner names the installed paths")
        #expect(conf.hasSuffix("controls { };\n"))
        #expect(n.files(in: t).map(\.path) == ["/run/causeway-lab/t/dns-dns/named.conf", "/run/causeway-lab/t/dns-dns/db.corp.example"])
        #expect(n.process.argv == ["ip", "netns", "exec", "cw-t-l1", "/usr/sbin/named", "-g", "-4", "-n", "1", "-c", "/run/causeway-lab/t/dns-dns/named.conf"])
        #expect(n.process.log == "/run/causeway-lab/t/dns-dns/named.out")
    }

    @Test func namedCheckconfLoadsTheFilesAndZones() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labnamed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let n = try named(dir)
        for f in n.files(in: try Repo.topology("s3-tgw-bgp-strongswan")) {
            try f.contents.write(toFile: f.path, atomically: true, encoding: .utf8)
        }
        let r = try ProcessRunner().run(n.checkConf)
        #expect(r.succeeded, "\(n.checkConf.joined(separator: " ")): \(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("zone corp.example/IN: loaded serial 1"))
    }
}
