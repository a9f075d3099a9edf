import CausewayCore

/// A short README per site (what each file is, where it goes, the install order, how to verify
/// and where every value came from) and one for the AWS side (keys as variables/parameters,
/// outputs). Secrets appear only as their references.
public struct Readme: Renderer {
    public let target = "readme"
    public init() {}

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var files: [RenderedFile] = []
        for s in topology.sites where s.gateway != nil {
            files.append(try site(s, topology, context))
        }
        if !topology.vpnConnections.isEmpty || !topology.vpcs.isEmpty {
            files.append(aws(topology))
        }
        return files
    }

    func source(_ t: Topology, _ paths: [String], otherwise: String) -> String {
        for p in paths where t.sourceMap.isWritten(p) { return "`\(t.locate(p))`" }
        return otherwise
    }

    func site(_ s: Site, _ t: Topology, _ context: RenderContext) throws -> RenderedFile {
        let plan = try GatewayPlan(site: s, in: t, context: context)
        let dev = plan.device
        let paths = InstallPaths(os: dev.os, ipsec: dev.ipsec)
        let ipsecName: String
        switch dev.ipsec {
        case .libreswan: ipsecName = "Libreswan"
        case .strongswan: ipsecName = "strongSwan (swanctl)"
        case .strongswanLegacy: ipsecName = "strongSwan (ipsec.conf)"
        }
        var r = Lines()
        r.add("# Customer gateway of site `\(s.name)` — \(t.name)")
        r.add()
        r.add("Rendered by `causeway render` from the topology model; re-render instead of editing.")
        r.add("IPsec: \(ipsecName) · routing: \(plan.routing == .bgp ? "BGP" : "static") · OS: \(dev.os.rawValue) (\(dev.os.usesFirewalld ? "firewalld" : "nftables")) · tunnels: \(plan.tunnels.count)")
        if !plan.disabledTunnels.isEmpty {
            r.add("Disabled on this device: \(plan.disabledTunnels.map { "tunnel \($0.key)" }.joined(separator: ", ")).")
        }
        r.add()

        // Files, in install order.
        let nft = !dev.os.usesFirewalld
        let rows = paths.entries(plan).map { ($0.file, $0.installAs, $0.modeText) }
        r.add("## Files")
        r.add()
        r.add("| file | install as | mode |")
        r.add("|---|---|---|")
        for (f, to, m) in rows { r.add("| `\(f)` | \(to.hasPrefix("/") ? "`\(to)`" : to) | \(m) |") }
        r.add()

        // Install order.
        r.add("## Install order")
        r.add()
        r.add("Run as root from this folder.")
        r.add()
        r.add("```sh")
        r.add("# 1. packages (\(dev.os.rawValue) \(dev.platform.version)), and the clock: IKE fails on a skewed one")
        for line in installLines(dev) { r.add(line) }
        r.add("systemctl enable --now \(dev.platform.chronyUnit)")
        r.add("# 2. kernel settings (forwarding, rp_filter, no policy check on the VTIs)")
        r.add("install -m 0644 sysctl/99-causeway.conf \(paths.sysctl) && sysctl --system")
        r.add("# 3. firewall: IKE, NAT-T, ESP from AWS; BGP and ping on the tunnels; MSS clamp")
        if nft {
            r.add("install -D -m 0644 firewall/causeway.nft \(InstallPaths.nftables)")
        } else {
            r.add("sh firewall/firewalld.sh")
        }
        r.add("# 4. IPsec")
        switch dev.ipsec {
        case .libreswan:
            r.add("install -m 0644 libreswan/causeway.conf \(paths.libreswanConf)")
            r.add("install -m 0600 libreswan/causeway.secrets \(paths.libreswanSecrets)")
            r.add("install -m 0755 libreswan/causeway-updown \(InstallPaths.updown)   # leftupdown=: the VTI follows its SA")
            if Libreswan.setupFile(plan, paths: paths, dir: "libreswan") != nil {
                r.add("cp -n \(paths.libreswanMain) \(paths.libreswanMain).dist   # keep the distribution's main file")
                r.add("install -m 0644 libreswan/ipsec.conf \(paths.libreswanMain)   # config setup: ikev1-policy=accept (Libreswan ≥ 5 drops IKEv1 otherwise)")
            }
        case .strongswanLegacy:
            r.add("install -m 0644 strongswan-legacy/ipsec.conf \(paths.ipsecConf)")
            r.add("install -m 0600 strongswan-legacy/ipsec.secrets \(paths.ipsecSecrets)")
            r.add("install -m 0755 strongswan-legacy/causeway-updown \(InstallPaths.updown)")
            r.add("install -m 0644 strongswan-legacy/charon-causeway.conf \(paths.charonSnippet)")
        case .strongswan:
            r.add("install -D -m 0600 strongswan/swanctl.conf \(paths.swanctlConf)")
            r.add("install -m 0755 strongswan/causeway-updown \(InstallPaths.updown)")
            r.add("install -m 0644 strongswan/charon-causeway.conf \(paths.charonSnippet)")
        }
        r.add("# 5. boot order: firewall rules, \(dev.ipsec == .libreswan ? "" : "VTIs and FRR before the network, ")\(paths.ipsecUnit) once it is online")
        r.add("cp -r systemd/. /etc/systemd/system/ && systemctl daemon-reload")
        let enable = paths.enabledUnits
        // `enable --now` does nothing to a unit the package already started with its stock
        // configuration (Debian starts strongswan-starter on install): restart loads these files.
        r.add("systemctl enable \(enable.joined(separator: " ")) && systemctl restart \(enable.joined(separator: " "))")
        r.add("# 6. FRR: enable the daemons, then the configuration")
        var daemons = plan.routing == .bgp ? ["bgpd"] : []
        if dev.ospf != nil { daemons.append("ospfd") }
        for d in daemons { r.add("sed -i 's/^\(d)=no/\(d)=yes/' /etc/frr/daemons") }
        r.add("install -m 0640 -o frr -g frr frr/frr.conf \(paths.frrConf)")
        r.add("systemctl enable frr && systemctl restart frr")
        r.add("```")
        r.add()
        if dev.sourceDestCheck != nil {
            r.add("This gateway is an EC2 instance. Its security group must admit IKE (UDP 500), NAT-T (UDP 4500)")
            r.add("and ESP (IP protocol 50) from AWS's tunnel endpoints, and it must not check source/destination")
            r.add("addresses, since it routes for the site:")
            r.add()
            r.add("```sh")
            r.add("SG=sg-…   # the gateway instance's security group")
            for tp in plan.tunnels {
                let cidr = tp.outsideIP.map { "\($0)/\($0.hostPrefixLength)" } ?? "OUTSIDE_IP/32"
                let desc = "Description=\"AWS VPN \(tp.key)\""
                let (ranges, cidrKey) = tp.outsideIP?.isIPv6 == true ? ("Ipv6Ranges", "CidrIpv6") : ("IpRanges", "CidrIp")
                r.add("aws ec2 authorize-security-group-ingress --group-id $SG --ip-permissions \\")
                r.add("  'IpProtocol=udp,FromPort=500,ToPort=500,\(ranges)=[{\(cidrKey)=\(cidr),\(desc)}]' \\")
                r.add("  'IpProtocol=udp,FromPort=4500,ToPort=4500,\(ranges)=[{\(cidrKey)=\(cidr),\(desc)}]' \\")
                r.add("  'IpProtocol=50,\(ranges)=[{\(cidrKey)=\(cidr),\(desc)}]'")
            }
            r.add("aws ec2 modify-instance-attribute --instance-id i-… --no-source-dest-check")
            r.add("```")
            r.add()
        }

        // Verify.
        r.add("## Verify")
        r.add()
        r.add("```sh")
        r.add("\(paths.listSAs)   # \(plan.tunnels.count == 1 ? "the tunnel" : "every tunnel") ESTABLISHED / INSTALLED: \(plan.tunnels.map(\.name).joined(separator: ", "))")
        if plan.routing == .bgp {
            r.add("vtysh -c 'show bgp summary'   # neighbours \(plan.tunnels.compactMap(\.awsInsideAddress).map(\.description).joined(separator: ", ")) Established")
            r.add("vtysh -c 'show ip route bgp'  # AWS prefixes learned over the tunnels")
        } else {
            r.add("vtysh -c 'show ip route static'   # routes to AWS over \(plan.interfaces.joined(separator: " / "))")
        }
        if let target = plan.tunnels.compactMap(\.pingTarget).first {
            let from = dev.lanAddress.map { " -I \($0)" } ?? ""
            r.add("ping -c 3\(from) \(target.address)   # a ping across, to `\(target.name)` in AWS")
        } else if let p = plan.tunnels.first?.awsPrefixes.first {
            r.add("ping -c 3 \(p.address(10))   # a ping across, to a host in \(p)")
        }
        if dev.ospf != nil {
            r.add("vtysh -c 'show ip ospf neighbor'   # the LAN routers Full: they learn the AWS routes from here")
        }
        r.add("chronyc tracking   # 'Leap status: Normal' and a small offset")
        r.add("```")
        r.add()
        r.add("From AWS's side (any machine with AWS credentials):")
        r.add()
        r.add("```sh")
        r.add("causeway status \(topologyFile(t))   # every tunnel UP, with AWS's status message")
        r.add("aws ec2 describe-vpn-connections --filters Name=customer-gateway-id,Values=cgw-… \\")
        r.add("  --query 'VpnConnections[].VgwTelemetry[].[OutsideIpAddress,Status,StatusMessage]' --output table")
        r.add("```")
        r.add()
        r.add("## When AWS changes the tunnel addresses")
        r.add()
        r.add("Replacing a VPN connection (a stack update, a new customer gateway) gives it new outside")
        r.add("addresses, inside CIDRs and, unless you set them, new keys. `causeway apply` names the changed")
        r.add("addresses; render again and reload the IPsec daemon, or the tunnels stay down:")
        r.add()
        r.add("```sh")
        r.add("causeway apply \(topologyFile(t)) --render-out OUT   # or: causeway import aws-vpn-config FILE.xml --topology \(topologyFile(t))")
        r.add("cd OUT/sites/\(s.name)   # then repeat step 4 (IPsec) and:")
        r.add("systemctl restart \(String(paths.ipsecUnit.dropLast(".service".count)))\(plan.routing == .bgp ? " frr" : "")")
        r.add("```")
        r.add()

        // Provenance.
        r.add("## Where the values came from")
        r.add()
        r.add("| value | | from |")
        r.add("|---|---|---|")
        let d = dev.path
        r.add("| customer gateway public IP (`leftid`) | \(dev.publicIP.map(\.description) ?? "—") | \(source(t, ["\(d).public_ip"], otherwise: "not given")) |")
        if let p = dev.privateIP { r.add("| address on the uplink (behind NAT) | \(p) | \(source(t, ["\(d).private_ip"], otherwise: "default")) |") }
        r.add("| BGP ASN of the site | \(plan.asn) | \(source(t, ["\(d).asn"], otherwise: "the customer gateway's")) |")
        r.add("| advertised / routed prefixes | \(plan.advertise.map(\.description).joined(separator: ", ")) | \(source(t, ["\(d).advertise", "\(s.path).cidrs", "\(s.path).cidr"], otherwise: "the site's CIDRs")) |")
        r.add("| tunnel MTU / TCP MSS | \(dev.tunnelMTU) / \(dev.tcpMSS) | \(source(t, ["\(d).tunnel_mtu", "\(d).tcp_mss"], otherwise: "causeway defaults (AWS allows at most 1446 / 1406)")) |")
        for tp in plan.tunnels + plan.disabledTunnels {
            let k = tp.key
            let conn = String(tp.path.split(separator: ".").dropLast(2).joined(separator: "."))
            r.add("| \(k): AWS outside address | \(tp.outsideIP.map(\.description) ?? "not known yet") | \(source(t, ["\(tp.path).outside_ip"], otherwise: "AWS chooses it: `causeway import`")) |")
            r.add("| \(k): inside CIDR (AWS .1, gateway .2) | \(tp.insideCIDR.map(\.description) ?? "not known yet") | \(source(t, ["\(tp.device.path).inside_cidr", "\(tp.path).inside_cidr"], otherwise: "AWS picks it: `causeway import`")) |")
            r.add("| \(k): pre-shared key | \(tp.pskReference) | \(source(t, ["\(tp.device.path).psk", "\(tp.path).psk"], otherwise: "AWS generates it: `causeway import`")) |")
            r.add("| \(k): IKE version, proposals, lifetimes, DPD | \(tp.ikeVersion.rawValue), \(tp.options.phase1Lifetime) s / \(tp.options.phase2Lifetime) s, DPD timeout \(tp.options.dpdTimeout) s | \(source(t, ["\(tp.path).phase1", "\(tp.path).ike_versions", "\(conn).tunnel_options"], otherwise: "AWS defaults")) |")
            r.add("| \(k): mark / interface / metric / AS-path prepend | \(tp.device.mark) / \(tp.device.interface) / \(tp.device.metric) / \(tp.device.asPathPrepend) | \(source(t, ["\(tp.device.path).mark", "\(tp.device.path).interface", "\(tp.device.path).metric"], otherwise: "causeway defaults (mark 100 per tunnel, vtiN, metric 100/200 for active/standby or static tunnels)")) |")
            r.add("| \(k): AWS ASN | \(tp.amazonASN) | the \(tp.amazonSide) |")
        }
        r.add()
        r.add("Pre-shared keys are only in the 0600 secret files; this README shows where they come from.")
        return RenderedFile(path: "sites/\(s.name)/README.md", contents: r.text)
    }

    /// The topology file as the user named it (for commands in the README).
    func topologyFile(_ t: Topology) -> String { t.sourceMap.file.isEmpty ? "TOPOLOGY.yaml" : t.sourceMap.file }

    /// Step 1: the packages the rendered files need on this OS release, with any repository to
    /// enable first; a package the release lacks is said, never an install line that fails.
    func installLines(_ dev: GatewayDevice) -> [String] {
        let p = dev.platform
        var lines: [String] = []
        if let eol = p.endOfLife { lines.append("# WARNING: \(eol)") }
        var packages = p.basePackages
        for (what, source) in [(dev.ipsec.rawValue, p.ipsec(dev.ipsec)), ("FRR", p.frr)] {
            switch source {
            case .distribution(let names):
                packages += names
            case .repository(let name, let setup, let names):
                lines.append("# \(what) comes from \(name):")
                lines += setup
                packages += names
            case .unavailable(let why, let remedy):
                lines.append("# \(what): \(why).")
                lines.append("# Install it before going on: \(remedy).")
            }
        }
        if !p.usesDNF { lines.insert("apt-get update", at: lines.firstIndex { !$0.hasPrefix("#") } ?? lines.endIndex) }
        lines.append("\(p.installCommand) \(packages.joined(separator: " "))")
        return lines
    }

    func aws(_ t: Topology) -> RenderedFile {
        var r = Lines()
        r.add("# AWS side — \(t.name)")
        r.add()
        r.add("Rendered by `causeway render` from the topology model (region \(t.region)); re-render instead of editing.")
        r.add("Security groups and instances are not rendered.")
        r.add()
        r.add("## Terraform (`terraform/`)")
        r.add()
        r.add("```sh")
        r.add("cd terraform")
        var psks: [(String, String, String, Int)] = []   // variable, parameter, reference text, index
        for c in t.vpnConnections where c.id == nil {
            for tn in c.tunnels.sorted(by: { $0.index < $1.index }) where tn.psk != .generated {
                psks.append((TerraformNames.pskVariable(c.name, tn.index), CloudFormationNames.pskParameter(c.name, tn.index), "\(c.name)/\(tn.index) (\(tn.psk.origin))", tn.index))
            }
        }
        let managed = t.vpnConnections.filter { $0.id == nil }
        for p in psks { r.add("export TF_VAR_\(p.0)=…   # \(p.2)") }
        for v in t.virtualInterfaces where v.id == nil {
            r.add("export TF_VAR_\(TerraformNames.id(v.name, "connection_id"))=dxcon-…   # the Direct Connect connection of virtual interface \(v.name)")
        }
        let groups = AWSResources(t).securityGroupInputs
        for g in groups { r.add("export TF_VAR_\(TerraformNames.securityGroupVariable(g.vpc, g.group))=sg-…   # security group \(g.group) of VPC \(g.vpc)") }
        if !managed.isEmpty {
            r.add("export TF_VAR_\(TerraformNames.alarmTopicVariable)=arn:aws:sns:…   # optional: tunnel-down alarms")
        }
        r.add("terraform init && terraform apply")
        r.add("```")
        r.add()
        if !t.dxGateways.isEmpty || !t.virtualInterfaces.isEmpty {
            r.add("Direct Connect (gateways, associations, virtual interfaces) is only in the Terraform files:")
            r.add("CloudFormation has no Direct Connect resource types, and `causeway apply` does not create them.")
            r.add()
        }
        if !psks.isEmpty {
            r.add("Sensitive variables (pre-shared keys; never written into these files), each checked against")
            r.add("AWS's rule (\(AWSPreSharedKeyRule.description)) before anything is created:")
            r.add()
            for p in psks { r.add("- `\(p.0)` — tunnel \(p.2)") }
            r.add()
        }
        if !managed.isEmpty {
            r.add("**The state holds the keys in plain text.** `sensitive` only keeps them off the screen: the")
            r.add("pre-shared keys (the variables, each `aws_vpn_connection`'s tunnel keys and its")
            r.add("`customer_gateway_configuration`) are stored unencrypted in `terraform.tfstate`. Keep the state")
            r.add("in a remote backend that encrypts it at rest and limits who can read it (for example the `s3`")
            r.add("backend with `encrypt = true`, a KMS key and a restrictive bucket policy), never commit it, and")
            r.add("keep any local copy mode 0600")
            r.add("(https://developer.hashicorp.com/terraform/language/state/sensitive-data).")
            r.add()
        }
        r.add("Outputs the customer gateway needs (then `causeway import`, or copy them into the topology):")
        r.add()
        for c in managed {
            for tn in c.tunnels.sorted(by: { $0.index < $1.index }) {
                var outs = ["address", "vgw_inside_address", "cgw_inside_address"].map { TerraformNames.output(c.name, tn.index, $0) }
                if tn.psk == .generated { outs.append(TerraformNames.output(c.name, tn.index, "preshared_key") + " (sensitive)") }
                r.add("- tunnel \(c.name)/\(tn.index): " + outs.map { "`\($0)`" }.joined(separator: ", "))
            }
            r.add("- connection \(c.name): `\(TerraformNames.configurationOutput(c.name))` (sensitive): AWS's whole configuration, keys included")
        }
        r.add()
        if !managed.isEmpty {
            // Every connection's configuration is imported, one connection at a time.
            r.add("```sh")
            for c in managed {
                r.add("(umask 077; terraform output -raw \(TerraformNames.configurationOutput(c.name)) > \(c.name).xml)")
                r.add("causeway import aws-vpn-config \(c.name).xml --topology \(t.sourceMap.file) --connection \(c.name) && rm \(c.name).xml")
            }
            r.add("```")
            r.add()
            r.add("Tunnel alarms: with `\(TerraformNames.alarmTopicVariable)` set, one CloudWatch alarm per tunnel watches")
            r.add("`TunnelState` (namespace AWS/VPN, dimensions VpnId and TunnelIpAddress) and notifies the topic when")
            r.add("the tunnel has not been up (static) / ESTABLISHED (BGP) for two 5-minute periods, and again when it")
            r.add("is back; a missing data point counts as down. Left empty (the default), no alarm is created")
            r.add("(https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-cloudwatch-vpn.html).")
            r.add()
        }
        r.add("## CloudFormation (`cloudformation/template.yaml`)")
        r.add()
        r.add("```sh")
        let overrides = (psks.map { "\($0.1)=…" } + groups.map { "\(CloudFormationNames.securityGroupParameter($0.vpc, $0.group))=sg-…" }).joined(separator: " ")
        r.add("aws cloudformation deploy --template-file cloudformation/template.yaml --stack-name \(t.name)" + (overrides.isEmpty ? "" : " \\\n  --parameter-overrides \(overrides)"))
        r.add("```")
        r.add()
        if !psks.isEmpty {
            r.add("`NoEcho` parameters (pre-shared keys): " + psks.map { "`\($0.1)`" }.joined(separator: ", ") + ".")
            r.add()
        }
        for v in t.vpcs {
            guard let main = v.mainRouteTable, main.id == nil else { continue }
            let implicit = v.subnetsOnMainTable.map(\.name)
            r.add("Route table `\(main.name)` is the main table of VPC `\(v.name)` in the topology. CloudFormation cannot make a")
            r.add("table the main one, nor add routes to the main table AWS creates with the VPC (`AWS::EC2::VPC`")
            r.add("does not return its id), so the template associates `\(main.name)` explicitly with "
                  + (implicit.isEmpty ? "its subnets" : "every subnet that would use the main table (" + implicit.map { "`\($0)`" }.joined(separator: ", ") + ")") + ".")
            r.add("A subnet created later outside this template uses the VPC's own main table (local routes only)")
            r.add("until it is associated with `\(main.name)` (Terraform makes it the main table instead).")
            r.add()
        }
        var cfn = CloudFormationBuilder(t: t)
        if (try? cfn.build()) != nil, !cfn.secondDeploy.isEmpty {
            let waiting = cfn.conditional.filter { c in cfn.secondDeploy.contains { c.condition.contains($0.parameter) } }.map(\.id)
            var why: [String] = []
            if cfn.secondDeploy.contains(where: { if case .vpnAttachment = $0.kind { return true } else { return false } }) {
                why.append("`AWS::EC2::VPNConnection` returns only its own id, not the transit gateway attachment AWS creates for it")
            }
            if cfn.secondDeploy.contains(where: { if case .defaultRouteTable = $0.kind { return true } else { return false } }) {
                why.append("`AWS::EC2::TransitGateway` returns no default route table id")
            }
            r.add("**A second deploy is needed.** One deploy cannot create everything: " + why.joined(separator: ", and ") + ";")
            r.add("reading it inside the stack would take a custom resource (a Lambda function), which causeway does")
            r.add("not render. These resources wait for " + cfn.secondDeploy.map { "`\($0.parameter)`" }.joined(separator: ", ") + ": the first deploy skips them,")
            r.add("and the traffic they carry does not flow until the second one.")
            r.add()
            for w in waiting { r.add("- `\(w)`") }
            r.add()
            r.add("Once the first deploy is complete:")
            r.add()
            r.add("```sh")
            var sets: [String] = []
            for p in cfn.secondDeploy {
                switch p.kind {
                case .vpnAttachment(let c):
                    let v = "\(TerraformNames.id(c))_vpn_id"
                    r.add("\(v)=$(aws cloudformation describe-stacks --stack-name \(t.name) \\")
                    r.add("  --query \"Stacks[0].Outputs[?OutputKey=='\(CloudFormationNames.connectionOutput(c))'].OutputValue\" --output text)")
                    r.add("\(p.parameter)=$(aws ec2 describe-transit-gateway-attachments \\")
                    r.add("  --filters Name=resource-type,Values=vpn Name=resource-id,Values=$\(v) \\")
                    r.add("  --query 'TransitGatewayAttachments[0].TransitGatewayAttachmentId' --output text)")
                case .defaultRouteTable(let g):
                    let which = t.transitGateway(g)?.id.map { "--transit-gateway-ids \($0)" }
                        ?? "--filters Name=tag:Name,Values=\(g) Name=tag:causeway:topology,Values=\(t.name)"
                    r.add("\(p.parameter)=$(aws ec2 describe-transit-gateways \(which) \\")
                    r.add("  --query 'TransitGateways[0].Options.AssociationDefaultRouteTableId' --output text)")
                }
                sets.append("\(p.parameter)=$\(p.parameter)")
            }
            r.add("aws cloudformation deploy --template-file cloudformation/template.yaml --stack-name \(t.name) \\")
            r.add("  --parameter-overrides \(sets.joined(separator: " "))")
            r.add("```")
            r.add()
            r.add("`deploy` keeps the stack's previous value of every parameter it is not given, so the keys need")
            r.add("not be passed again. Terraform has no such step: its `aws_vpn_connection` exports")
            r.add("`transit_gateway_attachment_id`.")
            r.add()
        }
        r.add("The tunnel outside addresses are not CloudFormation attributes: after the stack exists,")
        r.add("`causeway import` (or `aws ec2 describe-vpn-connections`) reads them; rendering the customer")
        r.add("gateway needs them.")
        return RenderedFile(path: "aws/README.md", contents: r.text)
    }
}
