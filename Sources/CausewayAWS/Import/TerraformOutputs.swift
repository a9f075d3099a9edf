import CausewayCore
import Foundation

/// The output values of a Terraform root module, read from either of the two documents that hold
/// them: what `terraform output -json` prints (an object with one member per output, each
/// `{"sensitive": …, "type": …, "value": …}`; Terraform CLI, "terraform output command") or a
/// state file of format version 4 (its top-level `outputs` object, each member with `value`,
/// `type` and, when set, `sensitive`). Values are kept as text; a sensitive value is a `Secret`
/// from the moment it is read, so no error or printout can show it.
public struct TerraformOutputs: Sendable {
    public enum Format: String, Sendable {
        case outputJSON = "terraform output -json"
        case stateV4 = "Terraform state (format version 4)"
    }

    /// One output's value: text for strings and numbers, the JSON kind for anything else.
    public enum Value: Sendable {
        case text(String)
        case secret(Secret)
        case other(kind: String)
    }

    public var format: Format
    public var values: [String: Value]
    /// The JSON path of an output's value in the document (`outputs.NAME.value` in a state).
    public func valuePath(_ name: String) -> String { format == .stateV4 ? "outputs.\(name).value" : "\(name).value" }
    /// Where the output's name first appears in the document (1-based line and column).
    public let locations: [String: (line: Int, column: Int)]

    public init(document: String) throws(TerraformOutputsError) {
        guard let json = try? JSONDecoder().decode(JSON.self, from: Data(document.utf8)) else { throw .notJSON }
        guard case .object(let top) = json else { throw .wrongShape(path: "$", expected: "an object") }
        let outputs: [String: JSON]
        if let version = top["version"], top["outputs"] != nil || top["terraform_version"] != nil {
            guard case .number(let v) = version, v == 4 else { throw .stateVersion(version.kind) }
            guard case .object(let o)? = top["outputs"] else { throw .wrongShape(path: "outputs", expected: "an object") }
            format = .stateV4
            outputs = o
        } else {
            format = .outputJSON
            outputs = top
        }
        var values: [String: Value] = [:]
        for (name, raw) in outputs {
            guard case .object(let member) = raw, let value = member["value"] else {
                throw .wrongShape(path: format == .stateV4 ? "outputs.\(name)" : name,
                                  expected: "an object with `value` (and `type`, `sensitive`)")
            }
            let sensitive = member["sensitive"] == .bool(true)
            switch value {
            case .string(let s): values[name] = sensitive ? .secret(Secret(s)) : .text(s)
            case .number:
                values[name] = sensitive ? .secret(Secret(value.kind)) : .text(value.kind)
            default: values[name] = .other(kind: value.kind)
            }
        }
        self.values = values
        locations = Self.locate(Array(outputs.keys), in: document)
    }

    /// A JSON value, as far as outputs need it.
    indirect enum JSON: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([JSON].self) { self = .array(a) }
            else { self = .object(try c.decode([String: JSON].self)) }
        }

        /// What the value is, in words; a number's own text (ASNs and hold times are numbers).
        var kind: String {
            switch self {
            case .null: "null"
            case .bool: "a bool"
            case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .string: "a string"
            case .array: "a list"
            case .object: "an object"
            }
        }
    }

    /// The first `"NAME"` followed by `:` in the text, for each name.
    static func locate(_ names: [String], in document: String) -> [String: (line: Int, column: Int)] {
        var out: [String: (line: Int, column: Int)] = [:]
        let lines = document.components(separatedBy: "\n")
        for name in names {
            let quoted = "\"\(name)\""
            for (i, line) in lines.enumerated() {
                guard let r = line.range(of: quoted),
                      line[r.upperBound...].drop(while: { $0 == " " || $0 == "\t" }).first == ":" else { continue }
                out[name] = (i + 1, line.distance(from: line.startIndex, to: r.lowerBound) + 1)
                break
            }
        }
        return out
    }

    /// The first of `names` the document has.
    public func first(_ names: [String]) -> String? { names.first { values[$0] != nil } }
}

/// Why Terraform's outputs could not be imported. Names the output and where it is; never
/// quotes a sensitive value.
public enum TerraformOutputsError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON
    case stateVersion(String)
    case wrongShape(path: String, expected: String)
    /// None of the names (the first is causeway's, the last S0's) is an output.
    case missing(names: [String], tunnel: String)
    /// `where` is the JSON path and, when found, line:col of the output's name.
    case invalid(output: String, where: String, value: String?, expected: String)

    public var description: String {
        switch self {
        case .notJSON:
            "not JSON: expected what `terraform output -json` prints or a Terraform state file (terraform.tfstate)"
        case .stateVersion(let v):
            "a Terraform state of format version \(v); causeway reads version 4 (Terraform 0.12 and later)"
        case .wrongShape(let path, let expected):
            "\(path): expected \(expected)"
        case .missing(let names, let tunnel):
            "no output for tunnel \(tunnel): expected one of " + names.map { "`\($0)`" }.joined(separator: ", ")
        case .invalid(let output, let at, let value, let expected):
            "output `\(output)` (\(at)) is " + (value.map { "'\($0)'" } ?? "a sensitive value") + ", expected \(expected)"
        }
    }
}
