using System.Text.RegularExpressions;

namespace AppFlowLocal.Model;

// The shape family is closed and tiny, so it lives in one file rather than one file per record.

/// <summary>
/// A shape of the AppFlow API model (botocore's service-2.json), reduced to what validation needs.
/// Hand-written rather than loaded at run time so the server needs no Python; a test keeps it equal
/// to the installed model so it cannot drift.
/// </summary>
internal abstract record Shape(string Name);

/// <param name="Sensitive">The model marks the value sensitive: messages never quote it.</param>
/// <param name="Credential">
/// The model leaves the value unmarked, but it is a credential this server keeps only in a profile's secret
/// (a refresh token, an authorization code): messages never quote it either.
/// </param>
internal sealed record StringShape(
    string Name, int? Min = null, int? Max = null, string? Pattern = null, IReadOnlyList<string>? Enum = null, bool Sensitive = false, bool Credential = false)
    : Shape(Name)
{
    public Regex? Regex { get; } = Pattern is null ? null : ModelRegex.Create(Pattern);

    /// <summary>No message, response or log line may quote the value.</summary>
    public bool Redacted => Sensitive || Credential;
}

internal sealed record IntegerShape(string Name, int? Min = null, int? Max = null) : Shape(Name);

internal sealed record BooleanShape(string Name) : Shape(Name);

internal sealed record TimestampShape(string Name) : Shape(Name);

internal sealed record ListShape(string Name, Shape Member, int? Min = null, int? Max = null) : Shape(Name);

internal sealed record MapShape(string Name, StringShape Key, Shape Value, int? Min = null, int? Max = null) : Shape(Name);

internal sealed record ShapeMember(string Name, Shape Shape);

/// <param name="Required">Required members exactly as the API model lists them.</param>
/// <param name="AlsoRequired">Members the model leaves optional that SPEC.md decided to require.</param>
internal sealed record StructureShape(
    string Name,
    IReadOnlyList<ShapeMember> Members,
    IReadOnlyList<string>? Required = null,
    IReadOnlyList<string>? AlsoRequired = null) : Shape(Name)
{
    public IReadOnlyList<string> Required { get; } = Required ?? [];

    public IReadOnlyList<string> AlsoRequired { get; } = AlsoRequired ?? [];

    // Derived once: the validator asks for it for every structure of every request.
    /// <summary>For each member, the required paths that start at it ("a", or "a.b.c" for a nested one).</summary>
    public IReadOnlyDictionary<string, string[]> RequiredPathsByMember => field ??= Members.ToDictionary(
        m => m.Name,
        m => Required.Concat(AlsoRequired).Where(r => r == m.Name || r.StartsWith(m.Name + ".", StringComparison.Ordinal)).ToArray());

    /// <summary>The same structure with more members required (used for what a connector must return).</summary>
    public StructureShape Requiring(params string[] members) => new(Name, Members, Required, [.. AlsoRequired, .. members]);
}
