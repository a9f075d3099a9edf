import CausewayCore
/// A filter of a Describe call: `Filter.N.Name`, `Filter.N.Value.M`.
public struct EC2Filter: Sendable, Hashable {
    public var name: String
    public var values: [String]
    public init(_ name: String, _ values: [String]) { self.name = name; self.values = values }
    public init(_ name: String, _ value: String) { self.init(name, [value]) }
}

/// A resource tag.
public struct ResourceTag: Sendable, Hashable, Codable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// The ordered parameters of an EC2 Query request, flattened the EC2 way (`Name.1`, `Name.1.Key`).
public struct QueryParameters: Sendable, Hashable {
    public private(set) var items: [QueryItem] = []
    /// Values that must never appear in errors or logs (pre-shared keys).
    public private(set) var secrets: Set<String> = []

    public init() {}

    /// Parameters with values, in the order written.
    public init(_ pairs: KeyValuePairs<String, String>) {
        for (name, value) in pairs { add(name, value) }
    }

    public mutating func add(_ name: String, _ value: String?) {
        if let value { items.append(QueryItem(name, value)) }
    }
    public mutating func add(_ name: String, _ value: Int?) { add(name, value.map(String.init)) }
    public mutating func add(_ name: String, _ value: Bool?) { add(name, value.map { $0 ? "true" : "false" }) }
    public mutating func add(_ name: String, secret: Secret?) {
        guard let secret else { return }
        items.append(QueryItem(name, secret.revealed))
        secrets.insert(secret.revealed)
    }

    /// `prefix.1`, `prefix.2`, …
    public mutating func addList(_ prefix: String, _ values: [String]) {
        for (index, value) in values.enumerated() { add("\(prefix).\(index + 1)", value) }
    }

    /// `prefix.1.Value`, `prefix.2.Value`, … (the tunnel-option algorithm lists).
    public mutating func addValueList(_ prefix: String, _ values: [String]) {
        for (index, value) in values.enumerated() { add("\(prefix).\(index + 1).Value", value) }
    }

    public mutating func addFilters(_ filters: [EC2Filter]) {
        for (index, filter) in filters.enumerated() {
            add("Filter.\(index + 1).Name", filter.name)
            addList("Filter.\(index + 1).Value", filter.values)
        }
    }

    /// `TagSpecification.1.ResourceType` and `TagSpecification.1.Tag.N.Key/Value`. Transit
    /// gateway attachments and route tables spell the prefix `TagSpecifications`.
    public mutating func addTagSpecification(_ resourceType: String, _ tags: [ResourceTag],
                                             prefix: String = "TagSpecification") {
        guard !tags.isEmpty else { return }
        add("\(prefix).1.ResourceType", resourceType)
        addTags("\(prefix).1.Tag", tags)
    }

    /// `prefix.N.Key`, `prefix.N.Value`.
    public mutating func addTags(_ prefix: String, _ tags: [ResourceTag]) {
        for (index, tag) in tags.enumerated() {
            add("\(prefix).\(index + 1).Key", tag.key)
            add("\(prefix).\(index + 1).Value", tag.value)
        }
    }

    /// Replaces every secret value in `text` with `‹redacted›`.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { $1.isEmpty ? $0 : $0.replacingOccurrences(of: $1, with: "‹redacted›") }
    }
}

import Foundation
