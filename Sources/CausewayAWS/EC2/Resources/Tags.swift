/// One tag on one resource, as DescribeTags lists it.
public struct TagDescription: Sendable, Hashable {
    public var resourceId: String
    public var resourceType: String?
    public var key: String
    public var value: String
}

extension EC2Client {
    public func createTags(resourceIds: [String], tags: [ResourceTag]) async throws {
        var p = QueryParameters()
        p.addList("ResourceId", resourceIds)
        p.addTags("Tag", tags)
        try await callExpectingReturn("CreateTags", p)
    }

    /// Deletes the tags with these keys, whatever their values.
    public func deleteTags(resourceIds: [String], keys: [String]) async throws {
        var p = QueryParameters()
        p.addList("ResourceId", resourceIds)
        for (index, key) in keys.enumerated() { p.add("Tag.\(index + 1).Key", key) }
        try await callExpectingReturn("DeleteTags", p)
    }

    public func describeTags(filters: [EC2Filter] = []) async throws -> [TagDescription] {
        var p = QueryParameters()
        p.addFilters(filters)
        let items = try await callPaginated("DescribeTags", p, listElement: "tagSet")
        return try decodeAll(items, action: "DescribeTags", what: "tag") { xml in
            guard let id = xml.string("resourceId"), let key = xml.string("key") else { return nil }
            return TagDescription(resourceId: id, resourceType: xml.string("resourceType"), key: key,
                                  value: xml.string("value") ?? "")
        }
    }
}
