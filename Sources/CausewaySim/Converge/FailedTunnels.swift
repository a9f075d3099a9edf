import CausewayCore

extension Set where Element == Failure {
    /// True when this tunnel is failed, directly or through its connection or customer gateway.
    func fails(_ tunnel: TunnelRef, site: String?) -> Bool {
        contains(.tunnel(tunnel)) || contains(.connection(tunnel.connection)) || (site.map { contains(.site($0)) } ?? false)
    }
}
