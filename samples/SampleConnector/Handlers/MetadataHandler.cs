using SampleConnector.Crm;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>ListEntities and DescribeEntity over <see cref="CrmSchema"/>.</summary>
internal static class MetadataHandler
{
    public const long DefaultMaxResult = 1000;

    /// <summary>The schema never changes while a process runs: AppFlow may cache it for an hour (the SDKs' minimum is 600 seconds).</summary>
    private static readonly CacheControl OneHour = new(3600, "SECONDS");

    public static ListEntitiesResponse ListEntities(ListEntitiesRequest request)
    {
        if (Context.Check(request.ConnectorContext, "ListEntitiesRequest") is { } contextError)
        {
            return new ListEntitiesResponse(false, contextError);
        }

        var path = string.IsNullOrEmpty(request.EntitiesPath) ? null : request.EntitiesPath;
        if (path is not null && !CrmSchema.IsFolder(path))
        {
            return new ListEntitiesResponse(false, Context.Invalid(CrmSchema.Find(path) is null
                ? $"entitiesPath '{path}' is not a folder of {ConfigurationHandler.ConnectorName}; folders: {string.Join(", ", CrmSchema.Folders.Select(f => f.Path))}"
                : $"entitiesPath '{path}' is an entity, not a folder: describe it with DescribeEntity"));
        }

        var maxResult = request.MaxResult ?? DefaultMaxResult;
        if (maxResult < 1)
        {
            return new ListEntitiesResponse(false, Context.Invalid($"maxResult must be at least 1, not {maxResult}"));
        }

        if (!PageToken.TryRead(request.NextToken, out var offset))
        {
            return new ListEntitiesResponse(false, Context.Invalid($"nextToken '{request.NextToken}' was not issued by this connector"));
        }

        var children = CrmSchema.Children(path);
        var page = children.Skip(offset).Take((int)Math.Min(maxResult, int.MaxValue))
            .Select(child => new Entity(child.Identifier, child.IsFolder, child.Writable, child.Label, child.Description))
            .ToList();
        return new ListEntitiesResponse(true, Entities: page, NextToken: PageToken.For(offset + page.Count, children.Count), CacheControl: OneHour);
    }

    public static DescribeEntityResponse DescribeEntity(DescribeEntityRequest request)
    {
        const string type = "DescribeEntityRequest";
        var identifier = Context.Require(request.EntityIdentifier, "entityIdentifier", type);
        if (Context.Check(request.ConnectorContext, type) is { } contextError)
        {
            return new DescribeEntityResponse(false, contextError);
        }

        if (Entities.Find(identifier, out var problem) is not { } entity)
        {
            return new DescribeEntityResponse(false, problem);
        }

        return new DescribeEntityResponse(true, EntityDefinition: Define(entity), CacheControl: OneHour);
    }

    public static EntityDefinition Define(CrmEntity entity) => new(
        new Entity(entity.Identifier, HasNestedEntities: false, entity.Writable, entity.Label, entity.Description),
        [.. entity.Fields.Select(field => Define(entity, field))]);

    private static FieldDefinition Define(CrmEntity entity, CrmField field)
    {
        var writable = entity.Writable && (field.Writable || field.IsPrimaryKey);
        FieldConstraints? constraints = field.AllowedValues is not null || field.MaxLength is not null || field.DataType is "Date" or "DateTime"
            ? new FieldConstraints(
                AllowedLengthRange: field.MaxLength is { } max ? new RangeConstraint(0, max) : null,
                AllowedValues: field.AllowedValues,
                AllowedDateFormat: field.DataType switch { "Date" => "yyyy-MM-dd", "DateTime" => "yyyy-MM-dd'T'HH:mm:ss'Z'", _ => null })
            : null;
        return new FieldDefinition(
            field.Name,
            field.DataType,
            DataTypeLabel: field.DataType,
            field.Label,
            field.Description,
            field.IsPrimaryKey,
            constraints,
            new ReadOperationProperty(IsRetrievable: true, IsNullable: field.Nullable, IsQueryable: field.FilterOperators.Count > 0,
                IsTimestampFieldForIncrementalQueries: field.IsIncrementalTimestamp),
            writable
                ? new WriteOperationProperty(
                    IsCreatable: true,
                    IsUpdatable: !field.IsPrimaryKey,
                    IsNullable: field.Nullable,
                    IsUpsertable: true,
                    IsDefaultedOnCreate: field.IsPrimaryKey,
                    SupportedWriteOperations: field.IsPrimaryKey ? ["UPDATE", "UPSERT", "DELETE"] : null)
                : null,
            field.FilterOperators);
    }
}
