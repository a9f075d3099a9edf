import CausewayCore

/// The Client VPN files of every endpoint (`client-vpn/ENDPOINT/…`): the certificates ACM imports
/// (with keys, mode 0600), each remote user's `.ovpn` profile, the connect handler's Lambda
/// source with its unit test, and a README of what to do with them. Certificates and keys come
/// from the context (`RenderContext.clientVPN`: made by CausewayPKI or read from the topology's
/// files by the command line); the render only prints them.
public struct ClientVPNFiles: Renderer {
    public let target = "client-vpn"
    public init() {}

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var files: [RenderedFile] = [], gaps: [RenderGap] = []
        for e in topology.clientVPNEndpoints {
            let material = context.clientVPN[e.name]
            if material == nil && Self.needsMaterial(e) {
                gaps.append(RenderGap("the certificates and keys of Client VPN endpoint `\(e.name)` (`causeway render` makes them in \(ClientVPNPaths.pki(e.name)) of the output folder, or reads the PEM files the topology names)", at: e.path))
                continue
            }
            files += endpointFiles(e, material ?? ClientVPNMaterial(), topology)
        }
        if !gaps.isEmpty { throw RenderError(target: target, gaps: gaps) }
        if !topology.clientVPNEndpoints.isEmpty { files.append(readme(topology)) }
        return files
    }

    /// Whether the endpoint has a certificate causeway makes or reads (not all in ACM).
    public static func needsMaterial(_ e: ClientVPNEndpoint) -> Bool {
        ([e.serverCertificate] + [e.authentication.clientRootCertificate].compactMap { $0 }).contains { $0.renderedACMARN == nil }
    }

    func endpointFiles(_ e: ClientVPNEndpoint, _ m: ClientVPNMaterial, _ t: Topology) -> [RenderedFile] {
        var files: [RenderedFile] = []
        for role in ClientVPNCertificateRole.allCases {
            guard let c = m.certificate(role) else { continue }
            files.append(RenderedFile(path: ClientVPNPaths.certificate(e.name, role), contents: Self.pem(c.certificate)))
            if let k = c.privateKey { files.append(RenderedFile(path: ClientVPNPaths.privateKey(e.name, role), contents: Self.pem(k.revealed), mode: 0o600)) }
            if let chain = c.chain { files.append(RenderedFile(path: ClientVPNPaths.chain(e.name, role), contents: Self.pem(chain))) }
        }
        for u in e.users {
            let text = OVPNProfile.render(e, region: t.region, user: u.name, serverCA: m.serverCA, client: m.users[u.name], topology: t.name)
            files.append(RenderedFile(path: ClientVPNPaths.profile(e.name, user: u.name), contents: text, mode: 0o600))
        }
        if let h = e.connectHandler, h.functionARN == nil {
            files.append(RenderedFile(path: ClientVPNPaths.handler(e.name), contents: ConnectHandlerSource.render(h.policy, functionName: h.functionName, topology: t.name)))
            files.append(RenderedFile(path: ClientVPNPaths.handlerTest(e.name), contents: ConnectHandlerSource.renderTest(functionName: h.functionName, topology: t.name)))
        }
        return files
    }

    /// PEM text ending in exactly one newline.
    public static func pem(_ s: String) -> String {
        var t = Substring(s)
        while t.last == "\n" || t.last == "\r" { t = t.dropLast() }
        return t + "\n"
    }

    func readme(_ t: Topology) -> RenderedFile {
        var l = Lines()
        l.add("# Client VPN: certificates, client profiles, connect handlers")
        l.add()
        l.add("Rendered by causeway from topology `\(t.name)`; re-render instead of editing.")
        l.add()
        for e in t.clientVPNEndpoints {
            let dir = ClientVPNPaths.folder(e.name)
            l.add("## Endpoint `\(e.name)`")
            l.add()
            l.add("1. Import the certificates into ACM (AWS Client VPN administrator guide, \"Mutual authentication\"),")
            l.add("   unless Terraform (`aws/terraform`, which reads these files) does it:")
            l.add()
            for role in ClientVPNCertificateRole.allCases where Self.source(e, role).map({ $0.renderedACMARN == nil }) == true {
                l.add("       aws acm import-certificate --certificate fileb://\(ClientVPNPaths.certificate(e.name, role)) \\")
                l.add("           --private-key fileb://\(ClientVPNPaths.privateKey(e.name, role)) \\")
                l.add("           --certificate-chain fileb://\(ClientVPNPaths.chain(e.name, role))    # \(role.rawValue)")
            }
            l.add()
            l.add("   CloudFormation cannot import a certificate: give the ARNs the commands print as the")
            l.add("   template's `…CertificateArn` parameters.")
            if let h = e.connectHandler, h.functionARN == nil {
                l.add("2. The connect handler `\(h.functionName)` is `\(dir)/connect-handler/\(ConnectHandlerSource.fileName)`")
                l.add("   (both templates deploy it); test its policy with `cd \(dir)/connect-handler && python3 -m unittest`.")
            }
            l.add("3. Give each user their profile, and only theirs: it holds their private key (mode 0600).")
            for u in e.users { l.add("   - `\(ClientVPNPaths.profile(e.name, user: u.name))` for \(u.name)") }
            if e.id == nil {
                l.add("   After apply, replace `\(OVPNProfile.exampleEndpointID)` in the profiles with the endpoint's id.")
            }
            l.add()
            if e.serverCertificate.generated != nil || e.authentication.clientRootCertificate?.generated != nil {
                l.add("The certificates causeway made are kept in `\(ClientVPNPaths.pki(e.name))`: the CA key (`ca.key`) and every")
                l.add("key there is mode 0600 and never leaves this folder but by the ACM imports and the profiles. A later")
                l.add("render reuses them and never replaces or removes them. To rotate: move `\(ClientVPNPaths.pki(e.name))` (or")
                l.add("one user's `users/NAME.*`, or `server.*`) away, render again (a new CA when `ca.*` is gone, which every")
                l.add("profile then needs), re-import into ACM, and hand out the new profiles.")
                l.add()
            }
        }
        return RenderedFile(path: "client-vpn/README.md", contents: l.text)
    }

    static func source(_ e: ClientVPNEndpoint, _ role: ClientVPNCertificateRole) -> CertificateSource? {
        switch role {
        case .server: e.serverCertificate
        case .clientRoot: e.authentication.clientRootCertificate
        }
    }
}

extension CertificateSource {
    /// The ARN of a certificate already in ACM.
    var renderedACMARN: String? {
        if case .acm(let arn) = self { return arn }
        return nil
    }
}
