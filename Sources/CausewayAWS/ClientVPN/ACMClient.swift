import Foundation

/// AWS Certificate Manager (JSON 1.1): `POST /` with `X-Amz-Target: CertificateManager.<Op>`,
/// signed for `acm` in the run's region (ACM API reference, "Actions"). Only the calls Client VPN
/// apply, status and destroy use: ImportCertificate, DescribeCertificate, ListCertificates,
/// ListTagsForCertificate, DeleteCertificate.
public struct ACMClient: Sendable {
    let caller: ServiceCaller

    /// A client beside `ec2`: its credentials, transport and region (`ServiceCaller(beside:)`).
    public init(ec2: EC2Client) { caller = ServiceCaller(beside: ec2, service: "acm") }

    func call(_ op: String, _ request: [String: Any]) async throws -> [String: Any] {
        try await caller.json(op, target: "CertificateManager", request, errors: ResolverClient.errorDocument)
    }

    /// Imports a PEM certificate with its key (and chain); returns the certificate's ARN. The
    /// blobs travel base64-encoded, as JSON 1.1 sends every blob.
    public func importCertificate(_ m: CertificateMaterial, tags: [ResourceTag]) async throws -> String {
        var request: [String: Any] = [
            "Certificate": Data(m.certificate.utf8).base64EncodedString(),
            "PrivateKey": Data(m.privateKey.pem.utf8).base64EncodedString(),
            "Tags": ResolverClient.tags(tags),
        ]
        if let chain = m.chain { request["CertificateChain"] = Data(chain.utf8).base64EncodedString() }
        guard let arn = try await call("ImportCertificate", request)["CertificateArn"] as? String else {
            throw EC2Error.malformedResponse(action: "ImportCertificate", detail: "no CertificateArn")
        }
        return arn
    }

    /// The ARNs of the account's certificates in the region (every status), every page.
    public func listCertificates() async throws -> [String] {
        var out: [String] = []
        var token: String?
        var pages = Pages("ListCertificates")
        repeat {
            var request: [String: Any] = [:]
            if let token { request["NextToken"] = token }
            let response = try await call("ListCertificates", request)
            out += ((response["CertificateSummaryList"] as? [[String: Any]]) ?? []).compactMap { $0["CertificateArn"] as? String }
            token = try pages.next(response["NextToken"] as? String)
        } while token != nil
        return out
    }

    /// A certificate's status (`ISSUED`, `EXPIRED`, …) and domain name; nil when it does not exist.
    public func describeCertificate(arn: String) async throws -> CertificateInfo? {
        do {
            let c = (try await call("DescribeCertificate", ["CertificateArn": arn])["Certificate"] as? [String: Any]) ?? [:]
            return CertificateInfo(arn: arn, status: c["Status"] as? String ?? "", domainName: c["DomainName"] as? String, notAfter: c["NotAfter"] as? Double)
        } catch let e as EC2Error where e.isGone {
            return nil
        }
    }

    public func listTagsForCertificate(arn: String) async throws -> [ResourceTag] {
        let tags = (try await call("ListTagsForCertificate", ["CertificateArn": arn])["Tags"] as? [[String: Any]]) ?? []
        return tags.compactMap { t in (t["Key"] as? String).map { ResourceTag($0, t["Value"] as? String ?? "") } }
    }

    public func deleteCertificate(arn: String) async throws {
        _ = try await call("DeleteCertificate", ["CertificateArn": arn])
    }
}

/// A certificate as DescribeCertificate returns it.
public struct CertificateInfo: Sendable, Hashable {
    public var arn: String
    public var status: String
    public var domainName: String?
    /// Seconds since 1970 (JSON 1.1 timestamps).
    public var notAfter: Double?
}
