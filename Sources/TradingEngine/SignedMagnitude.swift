extension Int64 {
    /// `magnitude` with a minus sign when `negative`, or nil when it does not fit in Int64
    /// (the journal decoders' integer readers share this last step).
    @inline(__always)
    static func journalInteger(magnitude: UInt64, negative: Bool) -> Int64? {
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
