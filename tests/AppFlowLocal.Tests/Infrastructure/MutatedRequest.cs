namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// One request from <see cref="RequestMutator"/>: what to send, which mutations made it, and what
/// SPEC.md or the API model says its outcome must be where the mutations decide it.
/// </summary>
internal sealed record MutatedRequest(
    int Number,
    HttpMethod Method,
    string Path,
    string? Authorization,
    string? ContentType,
    byte[] Body,
    IReadOnlyList<Mutation> Mutations,
    IReadOnlyList<string> RefusalReasons,
    bool MustSucceed,
    bool MayWrite,
    string? PagingScope)
{
    /// <summary>Why the request must not succeed, or null when the mutations leave its outcome open.</summary>
    public string? MustBeRefusedBecause => RefusalReasons.Count == 0 ? null : string.Join("; ", RefusalReasons);

    /// <summary>The mutation kinds, for grouping failures into classes.</summary>
    public string Kinds => Mutations.Count == 0 ? "none" : string.Join("+", Mutations.Select(m => m.Kind).Distinct().Order(StringComparer.Ordinal));
}
