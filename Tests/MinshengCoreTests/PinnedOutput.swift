/// Output pinned from a known run of the synthetic population generator.
enum PinnedOutput {
    static let seed1FirstLine = "TO BE PINNED"
}
