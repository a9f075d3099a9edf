import CausewayAWS
import CausewayCore
import CausewayRender

/// What apply uploads for the certificates causeway makes and for the connect handler: the PKI
/// kept in a render's folder (`ClientVPNMaterialStore`, the same CA and keys `render --out` wrote
/// or will write) and the handler rendered from the topology's policy, zipped as Lambda takes it.
struct RenderedClientVPNMaterial: ClientVPNMaterialSource {
    let topology: Topology
    /// By endpoint name; nil when no render folder was given.
    let material: [String: ClientVPNMaterial]?

    func certificate(forKey key: String, role: ClientVPNCertificateRole, source: CertificateSource) throws -> CausewayAWS.CertificateMaterial {
        guard let material else {
            throw ClientVPNMaterialUnavailable(what: "the certificate and private key of \(key)",
                                               how: "causeway makes them: pass --render-out DIR, the folder `causeway render --out` keeps the PKI in")
        }
        guard let e = topology.clientVPNEndpoints.first(where: { ClientVPNKeys.certificate($0.name, role) == key }),
              let m = material[e.name]?.certificate(role), let privateKey = m.privateKey else {
            throw ClientVPNMaterialUnavailable(what: "the certificate and private key of \(key)", how: "the render's PKI has none for it")
        }
        return CausewayAWS.CertificateMaterial(certificate: m.certificate, privateKey: PrivateKeyPEM(privateKey.revealed), chain: m.chain)
    }

    func connectHandler(forKey key: String, functionName: String, policy: ConnectPolicy) throws -> FunctionCode {
        let source = ConnectHandlerSource.render(policy, functionName: functionName, topology: topology.name)
        return FunctionCode(zip: StoredZip.archive([(ConnectHandlerSource.fileName, Array(source.utf8))]),
                            handler: ConnectHandlerSource.handler, runtime: ConnectHandlerSource.runtime)
    }
}
