import Foundation

/// AWS Lambda (REST-JSON under `/2015-03-31/`), signed for `lambda` in the run's region (Lambda API
/// reference: CreateFunction, GetFunction, DeleteFunction). Only what the Client VPN connect
/// handler needs.
public struct LambdaClient: Sendable {
    let caller: ServiceCaller

    public init(ec2: EC2Client) { caller = ServiceCaller(beside: ec2, service: "lambda") }

    /// REST-JSON errors: `{"__type": …}`, or `{"Type": "User", "message": …}` with the code only in
    /// the `x-amzn-ErrorType` header (404 is read as not found by the callers).
    static let errorDocument: ServiceCaller.ErrorReader = { data in
        if let e = ResolverClient.errorDocument(data) { return e }
        guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let code = (o["code"] ?? o["Code"]) as? String else { return nil }
        return (code, (o["message"] as? String) ?? (o["Message"] as? String) ?? "")
    }

    func call(_ op: String, method: String, path: String, _ request: [String: Any]? = nil) async throws -> [String: Any] {
        let body = try request.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) } ?? Data()
        let data = try await caller.send(op, method: method, path: path,
                                         headers: request == nil ? [] : [HTTPHeader("Content-Type", "application/json")],
                                         body: Array(body), errors: Self.errorDocument)
        return try ServiceCaller.object(data, op)
    }

    /// A function's path by name (an ARN's `:function:NAME` is cut to NAME: an ARN's colons in a
    /// path would need a second encoding in the signature).
    static func path(_ nameOrARN: String) -> String {
        let name = nameOrARN.components(separatedBy: ":function:").last.map { $0.split(separator: ":").first.map(String.init) ?? $0 } ?? nameOrARN
        return "/2015-03-31/functions/" + PercentEncoding.encode(name)
    }

    /// Creates the function from its `.zip` (base64 in `Code.ZipFile`); returns its ARN.
    public func createFunction(name: String, role: String, code: FunctionCode, description: String,
                               tags: [ResourceTag]) async throws -> FunctionInfo {
        let r = try await call("CreateFunction", method: "POST", path: "/2015-03-31/functions", [
            "FunctionName": name, "Role": role, "Runtime": code.runtime, "Handler": code.handler,
            "Code": ["ZipFile": Data(code.zip).base64EncodedString()], "Description": description,
            "Tags": Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
        ])
        return try FunctionInfo(configuration: r, tags: tags, op: "CreateFunction")
    }

    /// The function (by name or ARN) with its tags; nil when it does not exist.
    public func getFunction(_ nameOrARN: String) async throws -> FunctionInfo? {
        do {
            let r = try await call("GetFunction", method: "GET", path: Self.path(nameOrARN))
            let tags = ((r["Tags"] as? [String: String]) ?? [:]).sorted { $0.key < $1.key }.map { ResourceTag($0.key, $0.value) }
            return try FunctionInfo(configuration: (r["Configuration"] as? [String: Any]) ?? [:], tags: tags, op: "GetFunction")
        } catch let e as EC2Error where e.isGone || e.isHTTPNotFound {
            return nil
        }
    }

    public func deleteFunction(_ nameOrARN: String) async throws {
        _ = try await call("DeleteFunction", method: "DELETE", path: Self.path(nameOrARN))
    }
}

/// A function as CreateFunction and GetFunction describe it.
public struct FunctionInfo: Sendable, Hashable {
    public var name: String
    public var arn: String
    /// `Pending`, `Active`, `Inactive`, `Failed` (empty when not given).
    public var state: String
    public var tags: [ResourceTag]

    init(configuration c: [String: Any], tags: [ResourceTag], op: String) throws {
        guard let name = c["FunctionName"] as? String, let arn = c["FunctionArn"] as? String else {
            throw EC2Error.malformedResponse(action: op, detail: "no FunctionName or FunctionArn")
        }
        self.name = name
        self.arn = arn
        state = c["State"] as? String ?? ""
        self.tags = tags
    }
}

extension EC2Error {
    /// HTTP 404: a REST API's "no such resource" when the body names no code.
    var isHTTPNotFound: Bool {
        switch self {
        case .service(_, let r): r.httpStatus == 404
        case .unexpectedResponse(_, let status, _): status == 404
        default: false
        }
    }
}
