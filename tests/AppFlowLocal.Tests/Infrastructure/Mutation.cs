namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>One change <see cref="RequestMutator"/> made to a valid request: its kind (for grouping) and what exactly it did.</summary>
internal sealed record Mutation(string Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}
