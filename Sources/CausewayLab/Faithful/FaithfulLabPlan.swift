import CausewayCore
import CausewayRender
import CausewaySim

/// The root image a gateway VM boots from: Debian 12 with Libreswan, or with strongSwan (the two
/// conflict as Debian packages), each with FRR, nftables, firewalld and chrony.
public enum GatewayFlavour: String, Sendable, Codable, Equatable {
    case libreswan
    case strongswan

    init(_ ipsec: IPsecImplementation) {
        self = ipsec == .libreswan ? .libreswan : .strongswan
    }
}

/// One network card of a gateway VM and the lab wire its tap sits on.
public struct GatewayNIC: Sendable, Codable, Equatable {
    /// `uplink` or `lan`.
    public var role: String
    /// The device's name for it (`eth0`, `enX0`): the VM's `ethN` is renamed to it.
    public var device: String
    /// The VM's own name for it (`eth0`, `eth1`, … in order).
    public var guest: String
    public var tap: String
    public var namespace: String
    public var mac: String
    /// Addresses with their prefix length (`10.30.12.85/16`).
    public var addresses: [String]
    /// The bridge of every lab wire, which the tap joins.
    static let bridge = "br0"
}

/// Something an earlier version rendered wrongly, put back on purpose so a test can show the lab
/// catches it.
public enum ReintroducedFault: String, Sendable, Codable, CaseIterable {
    /// Issue #11 item 2: Libreswan static sites without the updown that downs a VTI with its SA,
    /// and both static routes at the same distance (ECMP over a dead tunnel).
    case libreswanStaticFailover = "libreswan-static-failover"
}

/// One customer gateway device as a VM: the production render of its site, the README's install
/// steps, and the lab's stand-in for the host's own network configuration.
public struct FaithfulGateway: Sendable, Equatable {
    public var site: String
    /// The VM's name (`cw-<lab>-gw<k>`, also the name of its state folder).
    public var vm: String
    public var flavour: GatewayFlavour
    public var memoryMiB: Int
    public var nics: [GatewayNIC]
    /// Where the rendered site files sit in the VM; the install steps run from there.
    public var folder: String
    /// Files written into the VM before the first step (absolute guest paths).
    public var files: [LabFile]
    /// Run before the README: the host's own network, as the machine it stands in for has it.
    public var preparation: [InstallStep]
    /// The README's install block, line by line.
    public var steps: [InstallStep]
    /// What stands in for the device's OS, when it is not Debian (dnf-based hosts).
    public var standIn: String?
    /// The README's own file, for the record.
    public var readme: String
}

/// A LAN router or host of a site, as a namespace on the site's wire.
public struct SiteMember: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var address: IPv4Address
    /// Extra source addresses on a host for many-flow probes (one flow per address): with ECMP
    /// over two tunnels, some of them hash onto each.
    public var flowSources: [IPv4Address] = []
}

/// The faithful lab, computed without touching the machine: the AWS end as the namespace lab
/// builds it (its tunnel namespaces with charon and kernel-libipsec, the edges with FRR, transit
/// gateways, VPCs), and for every site with a gateway device a VM running that site's production
/// files from its README, with its LAN routers and hosts as namespaces on a bridge beside it.
public struct FaithfulLabPlan: Sendable {
    public let name: String
    public let directory: String
    /// The AWS end and the internet: the namespace lab's plan without any site.
    public let aws: LabPlan
    public let gateways: [FaithfulGateway]
    /// Namespaces of the sites (wires, NAT, LAN routers and hosts).
    public let nodes: [LabNode]
    /// Commands that build the sites' wires, NAT, taps and LAN members (after `aws.setup`).
    public let setup: [[String]]
    /// Host-side files (LAN routers' FRR, NAT rules).
    public let files: [LabFile]
    /// Run once `files` are written (NAT rules).
    public let afterFiles: [[String]]
    public let routers: [LabProcess]
    public let frr: [FRRInstance]
    public let frrDirectories: [String]
    /// Every address the tests ping from or to (AWS side and site members).
    public let endpoints: [LabEndpoint]
    public let members: [SiteMember]
    public let fault: ReintroducedFault?

    /// Every namespace of the lab, AWS end first.
    public var allNodes: [LabNode] { aws.nodes + nodes }
    public func endpoint(_ a: IPv4Address) -> LabEndpoint? { endpoints.first { $0.address == a } }

    /// The plan `LabTester` measures: the AWS plan with the sites' endpoints.
    public var testPlan: LabPlan { aws.with(endpoints: endpoints) }

    public init(topology original: Topology, secrets: [String: PreSharedKey], name: String,
                root: String = LabPlan.defaultRoot, fault: ReintroducedFault? = nil) throws {
        guard LabPlan.isValidName(name) else {
            throw LabPlanError.invalidName(name, in: original)
        }
        let (mapped, mapping) = try LabPlan.mapOutsideAddresses(original, keepPrivate: true)
        let aws = try LabPlan(mapped: mapped, mapping: mapping, secrets: secrets, name: name, root: root, customerSides: false)
        var b = SiteBuilder(lab: name, directory: "\(root)/\(name)", topology: mapped,
                            context: RenderContext(secrets: secrets, profile: .production), fault: fault,
                            internet: aws.internetNamespace)
        for (k, s) in mapped.sites.enumerated() where s.gateway != nil && !mapped.connections(of: s).isEmpty {
            try b.site(s, number: k + 1)
        }
        self.name = name
        directory = "\(root)/\(name)"
        self.aws = aws
        gateways = b.gateways
        nodes = b.nodes
        setup = b.setup
        files = b.files
        afterFiles = b.afterFiles
        routers = b.routers
        frr = b.frr
        frrDirectories = b.frrDirectories
        endpoints = aws.endpoints + b.endpoints
        members = b.members
        self.fault = fault
    }

    /// Puts `fault` back into a site's production files.
    static func reintroduce(_ fault: ReintroducedFault, into files: [RenderedFile]) -> [RenderedFile] {
        switch fault {
        case .libreswanStaticFailover:
            return files.map { f in
                var f = f
                if f.path.hasSuffix("/libreswan/causeway.conf") {
                    f.contents = f.contents.split(separator: "\n", omittingEmptySubsequences: false)
                        .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("leftupdown=") }.joined(separator: "\n")
                }
                if f.path.hasSuffix("/frr/frr.conf") {
                    // `ip route P vtiN D`: every distance the same, as the old render had it.
                    f.contents = f.contents.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                        let w = line.split(separator: " ")
                        guard w.count == 5, w[0] == "ip", w[1] == "route", Int(w[4]) != nil else { return String(line) }
                        return w[0..<4].joined(separator: " ") + " 100"
                    }.joined(separator: "\n")
                }
                return f
            }
        }
    }
}

extension LabPlan {
    /// The same plan with other test endpoints (the faithful lab's site members).
    func with(endpoints: [LabEndpoint]) -> LabPlan {
        var p = self
        p.endpoints = endpoints
        return p
    }
}

/// Accumulates the sites' part of a faithful plan.
struct SiteBuilder {
    let lab: String
    let directory: String
    let topology: Topology
    let context: RenderContext
    let fault: ReintroducedFault?
    let internet: String

    var gateways: [FaithfulGateway] = []
    var nodes: [LabNode] = []
    var setup: [[String]] = []
    var files: [LabFile] = []
    var routers: [LabProcess] = []
    var frr: [FRRInstance] = []
    var frrDirectories: [String] = []
    var endpoints: [LabEndpoint] = []
    var members: [SiteMember] = []

    /// Where every gateway VM keeps the rendered site files.
    static let guestFolder = "/root/causeway"
    /// Memory per gateway VM: pluto or charon, FRR, firewalld (Python) and systemd.
    static let memoryMiB = 384
    /// Flows in a many-flow probe: with two equal routes each lands on the dead tunnel with
    /// probability 1/2, so all 12 surviving by chance is 1 in 4,096.
    static let flows = 12

    func ns(_ short: String) -> String { "cw-\(lab)-\(short)" }

    mutating func node(_ n: String, _ short: String, _ role: LabNode.Role) -> String {
        let namespace = ns(short)
        nodes.append(LabNode(name: n, namespace: namespace, role: role))
        setup.append(["ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv4.ip_forward=1",
                      "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"])
        ip(namespace, "link", "set", "lo", "up")
        return namespace
    }

    mutating func ip(_ namespace: String, _ args: String...) { setup.append(["ip", "-n", namespace] + args) }

    /// A wire: a namespace holding only a bridge (`br0`), as a switch.
    mutating func wire(_ n: String, _ short: String) -> String {
        let w = node(n, short, .lan)
        ip(w, "link", "add", "br0", "type", "bridge")
        ip(w, "link", "set", "br0", "up")
        return w
    }

    /// A veth from `a`/`ifA` to the bridge of wire `w` (its end there named `ifW`).
    mutating func plug(_ a: String, _ ifA: String, into w: String, as ifW: String) {
        setup.append(["ip", "link", "add", ifA, "netns", a, "type", "veth", "peer", "name", ifW, "netns", w])
        ip(w, "link", "set", ifW, "master", "br0", "up")
        ip(a, "link", "set", ifA, "up")
    }

    func mac(site k: Int, nic: Int) -> String {
        let h = lab.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31) &+ $1.value }
        return String(format: "52:54:%02x:%02x:%02x:%02x", Int(h & 0xff), Int((h >> 8) & 0xff), k & 0xff, nic & 0xff)
    }

    mutating func site(_ s: Site, number k: Int) throws {
        guard let g = s.gateway, let pub = g.publicIP?.ipv4 else { return }
        var rendered = try RenderPlan(topology, sites: [s.name]).run(topology, context: context)
        if let fault { rendered = FaithfulLabPlan.reintroduce(fault, into: rendered) }
        let prefix = "sites/\(s.name)/"
        guard let readme = rendered.first(where: { $0.path == prefix + "README.md" }) else { throw LabPlanError("site \(s.name): no README rendered") }
        let folder = "\(Self.guestFolder)/\(s.name)"
        var guestFiles = rendered.filter { $0.path.hasPrefix(prefix) }.map {
            LabFile(path: folder + "/" + $0.path.dropFirst(prefix.count), contents: $0.contents, mode: $0.mode)
        }

        // The uplink wire, and what is upstream of it: the internet, or a 1:1 NAT (an elastic IP).
        let uplinkWire = wire("wire:\(s.name)", "w\(k)")
        var uplinkAddresses: [String] = []
        var routes: [String] = []
        let natted = g.privateIP != nil && g.privateIP != pub
        if natted, let priv = g.privateIP {
            let len = s.cidrs.first { $0.contains(priv) }?.length ?? 24
            let segment = IPv4Prefix(priv, len)
            let router = firstFree(segment, taken: [priv] + s.hosts.map(\.address) + s.routers.map(\.address) + [g.lanAddress].compactMap { $0 })
            let nat = node("nat:\(s.name)", "n\(k)", .internet)
            setup.append(["ip", "link", "add", "n\(k)", "netns", internet, "type", "veth", "peer", "name", "wan", "netns", nat])
            ip(internet, "link", "set", "n\(k)", "up")
            ip(nat, "link", "set", "wan", "up")
            ip(nat, "addr", "add", "\(pub)/32", "dev", "wan")
            ip(nat, "route", "add", "\(LabInternet.customerRouter)/32", "dev", "wan")
            ip(nat, "route", "add", "default", "via", "\(LabInternet.customerRouter)", "dev", "wan", "onlink")
            ip(internet, "route", "add", "\(pub)/32", "dev", "n\(k)")
            plug(nat, "lan", into: uplinkWire, as: "nat")
            ip(nat, "addr", "add", "\(router)/\(len)", "dev", "lan")
            // An elastic IP: the public address is translated to the private one and back, nothing else.
            files.append(LabFile(path: "\(directory)/n\(k)/nat.nft", contents: """
            table ip causeway_eip {
                chain prerouting { type nat hook prerouting priority -100; ip daddr \(pub) dnat to \(priv); }
                chain postrouting { type nat hook postrouting priority 100; ip saddr \(priv) snat to \(pub); }
            }

            """, mode: 0o644))
            afterFiles.append(["ip", "netns", "exec", nat, "nft", "-f", "\(directory)/n\(k)/nat.nft"])
            uplinkAddresses.append("\(priv)/\(len)")
            routes.append("default via \(router)")
        } else {
            plug(internet, "w\(k)", into: uplinkWire, as: "inet")
            ip(internet, "route", "add", "\(pub)/32", "dev", "w\(k)")
            uplinkAddresses.append("\(pub)/32")
            routes.append("\(LabInternet.customerRouter)/32 dev \(g.uplink) scope link")
            routes.append("default via \(LabInternet.customerRouter) dev \(g.uplink) src \(pub) onlink")
        }

        // The LAN side: on its own card when the device names another interface, else on the uplink.
        let ownLAN = g.lanInterface != nil && g.lanInterface != g.uplink
        let lanWire = ownLAN ? wire("lan:\(s.name)", "l\(k)") : uplinkWire
        var lanAddresses: [String] = []
        var lanPrefix: IPv4Prefix?
        if let la = g.lanAddress {
            let len = s.cidrs.first { $0.contains(la) }?.length ?? 24
            lanPrefix = IPv4Prefix(la, len)
            if !(natted && la == g.privateIP) { lanAddresses.append("\(la)/\(len)") }
        }
        var nics = [GatewayNIC(role: "uplink", device: g.uplink, guest: "eth0", tap: "tap\(k)u", namespace: uplinkWire, mac: mac(site: k, nic: 0),
                               addresses: uplinkAddresses + (ownLAN ? [] : lanAddresses))]
        if ownLAN, let li = g.lanInterface {
            nics.append(GatewayNIC(role: "lan", device: li, guest: "eth1", tap: "tap\(k)l", namespace: lanWire, mac: mac(site: k, nic: 1), addresses: lanAddresses))
        }
        // The taps themselves are the VM substrate's: it creates them as QEMU starts.

        // LAN routers (their own rendered FRR) and hosts, each a namespace on the LAN wire.
        let gatewayLAN = g.lanAddress
        for (j, r) in s.routers.enumerated() {
            let n = node("router:\(s.name)/\(r.name)", "r\(k)x\(j + 1)", .lan)
            let len = s.cidrs.first { $0.contains(r.address) }?.length ?? lanPrefix?.length ?? 24
            plug(n, "lan", into: lanWire, as: "r\(j + 1)")
            ip(n, "addr", "add", "\(r.address)/\(len)", "dev", "lan")
            member(r.name, n, r.address)
            let conf = LANRouterFRR().render(router: r, of: s, in: topology)
            let d = "\(directory)/r\(k)x\(j + 1)/frr"
            files.append(LabFile(path: "\(d)/frr.conf", contents: conf.contents, mode: 0o644))
            frrDirectories.append(d)
            for dm in ["zebra"] + LANRouterFRR.daemons(r) {
                routers.append(LabProcess(name: dm, namespace: n, argv: [
                    "ip", "netns", "exec", n, "/usr/lib/frr/\(dm)", "-u", "frr", "-g", "frr",
                    "-f", "\(d)/frr.conf", "-i", "\(d)/\(dm).pid", "-z", "\(d)/zserv.api", "--vty_socket", d, "-P", "0",
                    "--log", "file:\(d)/\(dm).log",
                ], log: "\(d)/\(dm).out"))
            }
            frr.append(FRRInstance(node: "router:\(s.name)/\(r.name)", namespace: n, vtyDirectory: d, bgp: false))
        }
        for (j, h) in s.hosts.enumerated() {
            let n = node("host:\(s.name)/\(h.name)", "h\(k)x\(j + 1)", .lan)
            let len = s.cidrs.first { $0.contains(h.address) }?.length ?? lanPrefix?.length ?? 24
            plug(n, "lan", into: lanWire, as: "h\(j + 1)")
            ip(n, "addr", "add", "\(h.address)/\(len)", "dev", "lan")
            if let gw = h.gateway ?? s.routers.first?.address ?? gatewayLAN {
                ip(n, "route", "add", "default", "via", "\(gw)", "dev", "lan")
            }
            member(h.name, n, h.address)
            if j == 0, let lp = lanPrefix {
                let taken = Set(s.hosts.map(\.address) + s.routers.map(\.address) + [g.lanAddress, g.privateIP].compactMap { $0 })
                let extra = (2...40).map { lp.last.advanced(by: -$0) }.filter { !taken.contains($0) && lp.contains($0) }.prefix(Self.flows)
                members[members.count - 1].flowSources = Array(extra)
                for a in extra { ip(n, "addr", "add", "\(a)/32", "dev", "lan") }
            }
        }

        let vm = ns("gw\(k)")
        let network = GuestNetwork(nics: nics, routes: routes)
        guestFiles += network.files
        let standIn: String? = g.os.usesFirewalld
            ? "\(g.os.rawValue)\(g.osVersion.map { " \($0)" } ?? "") (dnf) runs as a Debian 12 VM with the same rendered files (the image carries firewalld, so firewall/firewalld.sh runs as rendered)"
            : nil
        gateways.append(FaithfulGateway(site: s.name, vm: vm, flavour: GatewayFlavour(g.ipsec), memoryMiB: Self.memoryMiB, nics: nics,
                                        folder: folder, files: guestFiles, preparation: network.steps,
                                        steps: try InstallOrder.steps(readme: readme.contents, dnfHost: g.os.usesFirewalld), standIn: standIn, readme: readme.contents))
    }

    var afterFiles: [[String]] = []

    mutating func member(_ name: String, _ n: String, _ a: IPv4Address) {
        members.append(SiteMember(name: name, namespace: n, address: a))
        endpoints.append(LabEndpoint(address: a, namespace: n))
    }

    /// The first address of `p` no one uses (the segment's router in a VPC is its `.1`).
    func firstFree(_ p: IPv4Prefix, taken: [IPv4Address]) -> IPv4Address {
        var i = 1
        while i < Int(p.size) - 1, taken.contains(p.address(i)) { i += 1 }
        return p.address(i)
    }
}
