using System.Text.Json;
using System.Text.Json.Nodes;
using SampleConnector.Crm;
using SampleConnector.Filtering;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>QueryData and RetrieveData (records as JSON strings, as both SDKs carry them) over a <see cref="CrmStore"/>.</summary>
internal sealed class RecordHandler(CrmStore store)
{
    public const long DefaultMaxResults = 1000;

    public QueryDataResponse QueryData(QueryDataRequest request)
    {
        const string type = "QueryDataRequest";
        var identifier = Context.Require(request.EntityIdentifier, "entityIdentifier", type);
        if (Context.Check(request.ConnectorContext, type) is { } contextError)
        {
            return new QueryDataResponse(false, contextError);
        }

        if (Entities.Find(identifier, out var problem) is not { } entity)
        {
            return new QueryDataResponse(false, problem);
        }

        if (Projection(entity, request.SelectedFieldNames, out var fieldProblem) is not { } fields)
        {
            return new QueryDataResponse(false, fieldProblem);
        }

        FilterQuery filter;
        try
        {
            filter = FilterParser.Parse(request.FilterExpression, entity);
        }
        catch (FilterSyntaxException exception)
        {
            return new QueryDataResponse(false, Context.Invalid($"filterExpression '{request.FilterExpression}' cannot be applied: {exception.Message}"));
        }

        var maxResults = request.MaxResults ?? DefaultMaxResults;
        if (maxResults < 1)
        {
            return new QueryDataResponse(false, Context.Invalid($"maxResults must be at least 1, not {maxResults}"));
        }

        var pageSize = (int)Math.Min(maxResults, RuntimeSettings.MaxPageSize);
        if (request.ConnectorContext!.ConnectorRuntimeSettings?.TryGetValue(RuntimeSettings.PageSize, out var setting) == true &&
            setting.ValueKind != JsonValueKind.Null)
        {
            if (RuntimeSettings.ReadPageSize(setting) is not { } configured)
            {
                return new QueryDataResponse(false, Context.Invalid($"runtime setting {RuntimeSettings.PageSize} {RuntimeSettings.Problem(RuntimeSettings.PageSize, setting)}"));
            }

            pageSize = Math.Min(pageSize, configured);
        }

        if (!PageToken.TryRead(request.NextToken, out var offset))
        {
            return new QueryDataResponse(false, Context.Invalid($"nextToken '{request.NextToken}' was not issued by this connector"));
        }

        var matching = store.All(entity).Where(filter.Matches).Take(filter.Limit ?? int.MaxValue).ToList();
        var page = matching.Skip(offset).Take(pageSize).Select(record => Serialize(record, fields)).ToList();
        return new QueryDataResponse(true, NextToken: PageToken.For(offset + page.Count, matching.Count), Records: page);
    }

    public RetrieveDataResponse RetrieveData(RetrieveDataRequest request)
    {
        const string type = "RetrieveDataRequest";
        var identifier = Context.Require(request.EntityIdentifier, "entityIdentifier", type);
        if (Context.Check(request.ConnectorContext, type) is { } contextError)
        {
            return new RetrieveDataResponse(false, contextError);
        }

        if (Entities.Find(identifier, out var problem) is not { } entity)
        {
            return new RetrieveDataResponse(false, problem);
        }

        if (Projection(entity, request.SelectedFieldNames, out var fieldProblem) is not { } fields)
        {
            return new RetrieveDataResponse(false, fieldProblem);
        }

        var idField = string.IsNullOrEmpty(request.IdFieldName) ? entity.PrimaryKey : entity.Field(request.IdFieldName);
        if (idField is null)
        {
            return new RetrieveDataResponse(false, Context.Invalid($"idFieldName '{request.IdFieldName}' is not a field of {entity.Identifier}"));
        }

        if (request.Ids is not { Count: > 0 } ids)
        {
            return new RetrieveDataResponse(false, Context.Invalid("ids must name at least one record"));
        }

        // Records come back in the store's order; ids that match nothing are simply absent, as in a WHERE id IN (...).
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var records = store.All(entity)
            .Where(record => record.TryGetPropertyValue(idField.Name, out var value) && value is not null && wanted.Contains(IdText(value)))
            .Select(record => Serialize(record, fields))
            .ToList();
        return new RetrieveDataResponse(true, Records: records);
    }

    /// <summary>An id as the caller writes it in <c>ids</c>: a string's own text, any other value's JSON.</summary>
    internal static string IdText(JsonNode value) => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    /// <summary>The fields to return: all when none are named (the SDKs' contract), else the named ones, each known.</summary>
    internal static IReadOnlyList<CrmField>? Projection(CrmEntity entity, List<string>? selected, out ErrorDetails? problem)
    {
        problem = null;
        if (selected is not { Count: > 0 })
        {
            return entity.Fields;
        }

        var unknown = selected.Where(name => entity.Field(name) is null).ToList();
        if (unknown.Count > 0)
        {
            problem = Context.Invalid($"selectedFieldNames names fields {entity.Identifier} does not have: {string.Join(", ", unknown)}");
            return null;
        }

        return [.. selected.Distinct(StringComparer.Ordinal).Select(name => entity.Field(name)!)];
    }

    internal static string Serialize(JsonObject record, IReadOnlyList<CrmField> fields)
    {
        var projected = new JsonObject();
        foreach (var field in fields)
        {
            projected[field.Name] = record.TryGetPropertyValue(field.Name, out var value) ? value?.DeepClone() : null;
        }

        return projected.ToJsonString(ProtocolJson.Options);
    }
}
