import CausewayCore

/// A remote user's OpenVPN client profile: what the console's "Download Client Configuration"
/// (ExportClientVpnClientConfiguration) gives, with the user's certificate and key inline — the
/// step AWS's mutual-authentication guide leaves to the administrator (AWS Client VPN
/// administrator guide, "Export the client configuration file" and "Mutual authentication").
public enum OVPNProfile {
    /// The endpoint id AWS's API reference uses as its example (ExportClientVpnClientConfiguration):
    /// the profile's remote until apply knows the endpoint's own.
    public static let exampleEndpointID = "cvpn-endpoint-00c5d11fc4EXAMPLE"

    /// The name the client connects to: the endpoint's DNS name without AWS's `*.` (the client
    /// adds a random label, `remote-random-hostname`).
    public static func remoteName(_ endpoint: ClientVPNEndpoint, region: String) -> String {
        "\(endpoint.id ?? exampleEndpointID).prod.clientvpn.\(region).amazonaws.com"
    }

    /// The profile's text. `client` nil: a profile without `<cert>`/`<key>` (causeway holds no CA
    /// for the clients), to be completed by hand as AWS's guide describes.
    public static func render(_ endpoint: ClientVPNEndpoint, region: String, user: String, serverCA: String?,
                              client: CertificateMaterial?, topology: String) -> String {
        var l = Lines("#", banner: "OpenVPN client profile of \(user) for AWS Client VPN endpoint \(endpoint.name).",
                      topology: topology, install: "Holds the user's private key (mode 0600): give it to \(user) only, over a channel you trust.")
        if endpoint.id == nil {
            l.comment("#", "The endpoint does not exist yet: after apply, replace \(exampleEndpointID) below with its id\n(aws ec2 describe-client-vpn-endpoints), or re-render with the deployed facts.")
        }
        l.add("client")
        l.add("dev tun")
        l.add("proto \(endpoint.transportProtocol.rawValue)")
        l.add("remote \(remoteName(endpoint, region: region)) \(endpoint.vpnPort)")
        l.add("remote-random-hostname")
        l.add("resolv-retry infinite")
        l.add("nobind")
        l.add("remote-cert-tls server")
        l.add("cipher AES-256-GCM")
        l.add("verb 3")
        block(&l, "ca", serverCA, missing: "the CA of the server certificate (its ACM chain)")
        block(&l, "cert", client?.certificate, missing: "\(user)'s certificate, issued by the client root CA")
        block(&l, "key", client?.privateKey?.revealed, missing: "\(user)'s private key")
        l.add()
        l.add("reneg-sec 0")
        return l.text
    }

    private static func block(_ l: inout Lines, _ tag: String, _ pem: String?, missing: String) {
        guard let pem else {
            l.comment("#", "<\(tag)>: paste \(missing) here, between <\(tag)> and </\(tag)>.")
            return
        }
        l.add("<\(tag)>")
        l.add(pem.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
        l.add("</\(tag)>")
    }
}
