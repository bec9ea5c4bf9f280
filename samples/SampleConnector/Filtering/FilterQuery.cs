using System.Text.Json.Nodes;

namespace SampleConnector.Filtering;

/// <summary>A parsed filterExpression bound to an entity: which records match, and the LIMIT if one was given.</summary>
internal sealed record FilterQuery(Func<JsonObject, bool> Matches, int? Limit)
{
    public static readonly FilterQuery All = new(_ => true, null);
}
