import CausewayCore

/// The tags and describe filters that carry the logical keys (`LogicalKey`, in CausewayCore).
extension LogicalKey {
    /// The tags of a resource causeway creates.
    public static func tags(topology: String, key: String) -> [ResourceTag] {
        [ResourceTag(topologyTag, topology), ResourceTag(keyTag, key), ResourceTag("Name", "\(topology) \(key)")]
    }

    /// The `tag:causeway:topology` filter of every describe call.
    public static func filter(topology: String) -> EC2Filter { EC2Filter("tag:\(topologyTag)", topology) }

    /// The value of `causeway:key` among `tags`.
    public static func key(in tags: [ResourceTag]) -> String? { tags.first { $0.key == keyTag }?.value }
}
