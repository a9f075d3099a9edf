/// A virtual private gateway: the VPN concentrator on the Amazon side of one VPC.
public struct VirtualPrivateGateway: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    public var asn: ASN = .amazonDefault
    /// The VPC it is attached to; nil = detached (nothing propagates, routes to it blackhole).
    public var attachedTo: String?
}

/// The AWS resource describing the customer's device (type ipsec.1).
public struct CustomerGateway: Sendable, Encodable {
    public var name: String
    public var path: String
    public var id: String?
    /// The site whose gateway device this is (its public IP and ASN are the defaults).
    public var site: String?
    /// IPv4, or IPv6 (transit gateway / Cloud WAN connections only).
    public var ipAddress: OuterAddress?
    /// BGP ASN; AWS requires one even for static connections (65000 is the console's default).
    public var asn: ASN
    public var deviceName: String?
}
