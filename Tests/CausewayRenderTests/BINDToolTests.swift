import CausewayCore
import CausewayRender
import Foundation
import Testing

/// BIND's own checkers accept S3's rendered DNS server: `named-checkconf` the named.conf,
/// `named-checkzone` each zone file (Debian `bind9-utils`).
@Suite struct BINDToolTests {
    @Test func s3NamedConfAndZonesPassBINDsCheckers() throws {
        let t = try Scenario.s3.topology()
        let files = try RenderPlan(t, only: [.bind]).run(t, context: try Scenario.s3.context(.production))
        let conf = try #require(files.first { $0.path == "sites/idc/bind/dnssrv/named.conf" })
        #expect(conf.contents.contains("zone \"awsanycompany.corp\" {\n    type forward;\n    forward only;\n    forwarders { 10.0.1.250; 10.0.2.250; };"))
        #expect(conf.contents.contains("forwarders { 8.8.8.8; };"))
        // Not an open resolver: recursion for the site and the Resolver's outbound endpoint only.
        #expect(conf.contents.contains("allow-recursion { localhost; 192.168.0.0/16; 10.0.1.251; 10.0.2.251; };"))
        let zone = try #require(files.first { $0.path == "sites/idc/bind/dnssrv/db.anycompany.corp" })
        #expect(zone.contents.contains("websrv 300 IN A 192.168.2.20"))
        guard let checkconf = Tools.require("named-checkconf", skipName: "BIND", install: "bind9-utils"),
              let checkzone = Tools.require("named-checkzone", skipName: "BIND", install: "bind9-utils") else { return }
        // named-checkconf changes into `directory`, which only exists where the `bind9` server
        // package is installed: point it at the scratch folder when the host has none.
        let hasCache = FileManager.default.fileExists(atPath: "/var/cache/bind")
        let dir = try Scratch(files)
        let checked = RenderedFile(path: "checked-named.conf", contents: hasCache ? conf.contents
            : conf.contents.replacingOccurrences(of: "directory \"/var/cache/bind\";", with: "directory \"\(dir.path("sites"))\";"))
        try dir.write(checked)
        let r = try Tools.run(checkconf, [dir.path(checked.path)])
        #expect(r.status == 0, "\(r)")
        let z = try Tools.run(checkzone, ["anycompany.corp", dir.path(zone.path)])
        #expect(z.status == 0, "\(z)")
    }

    @Test func sitesWithoutDNSServersGetNoBINDFiles() throws {
        let t = try Scenario.s0.topology()
        let files = try RenderPlan(t, only: [.bind]).run(t, context: try Scenario.s0.context(.production))
        #expect(files.isEmpty)
    }

    /// A server that only serves its zones (no forwarders, no forward zones) does not recurse.
    @Test func anAuthoritativeOnlyServerDoesNotRecurse() throws {
        var t = try Scenario.s3.topology()
        let i = try #require(t.sites.firstIndex { !$0.dnsServers.isEmpty })
        t.sites[i].dnsServers[0].forwarders = []
        t.sites[i].dnsServers[0].forwardZones = []
        let files = try RenderPlan(t, only: [.bind]).run(t, context: try Scenario.s3.context(.production))
        let conf = try #require(files.first { $0.path.hasSuffix("named.conf") })
        #expect(conf.contents.contains("    recursion no;"))
        #expect(!conf.contents.contains("allow-recursion"))
    }
}
