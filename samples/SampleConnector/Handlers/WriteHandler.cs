using System.Text.Json;
using System.Text.Json.Nodes;
using SampleConnector.Crm;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>
/// WriteData: INSERT, UPDATE, UPSERT and DELETE of records given as JSON strings. Each record succeeds or
/// fails on its own (PartialWriteFailure when some fail); with allOrNone, one failure writes nothing.
/// </summary>
internal sealed class WriteHandler(CrmStore store)
{
    private static readonly string[] Operations = ["INSERT", "UPDATE", "UPSERT", "DELETE"];

    public WriteDataResponse WriteData(WriteDataRequest request)
    {
        const string type = "WriteDataRequest";
        var identifier = Context.Require(request.EntityIdentifier, "entityIdentifier", type);
        var operation = Context.Require(request.Operation, "operation", type);
        if (!Operations.Contains(operation, StringComparer.Ordinal))
        {
            throw new ConnectorRequestException($"{type}.operation '{operation}' is not a WriteOperationType ({string.Join(", ", Operations)})");
        }

        if (Context.Check(request.ConnectorContext, type) is { } contextError)
        {
            return new WriteDataResponse(false, contextError);
        }

        if (Entities.Find(identifier, out var problem) is not { } entity)
        {
            return new WriteDataResponse(false, problem);
        }

        if (!entity.Writable)
        {
            return new WriteDataResponse(false, Context.Invalid($"{entity.Identifier} is read-only: it cannot be a flow's destination"));
        }

        var idFields = new List<CrmField>();
        foreach (var name in request.IdFieldNames is { Count: > 0 } names ? names : [entity.PrimaryKey.Name])
        {
            if (entity.Field(name) is not { } field)
            {
                return new WriteDataResponse(false, Context.Invalid($"idFieldNames names '{name}', which is not a field of {entity.Identifier}"));
            }

            idFields.Add(field);
        }

        var inputs = request.Records ?? [];
        var allOrNone = request.AllOrNone == true;
        return store.Change(editor =>
        {
            var working = new List<JsonObject>(editor.Records(entity));
            var results = new List<WriteRecordResult>(inputs.Count);
            foreach (var (input, index) in inputs.Select((input, index) => (input, index)))
            {
                results.Add(Apply(editor, entity, working, operation, idFields, input, index));
            }

            var failed = results.Count(result => !result.IsSuccess);
            if (failed > 0 && allOrNone)
            {
                var first = results.FindIndex(result => !result.IsSuccess);
                var rolledBack = results.Select(result => result.IsSuccess
                    ? result with { IsSuccess = false, ErrorMessage = $"not written: allOrNone is set and record {first} failed" }
                    : result).ToList();
                return new WriteDataResponse(false, Context.Invalid($"No record written: {failed} of {inputs.Count} records failed and allOrNone is set; the first: {results[first].ErrorMessage}"), rolledBack);
            }

            var stored = editor.Records(entity);
            stored.Clear();
            stored.AddRange(working);
            return failed == 0
                ? new WriteDataResponse(true, WriteRecordResults: results)
                : new WriteDataResponse(false, new ErrorDetails(ErrorCodes.PartialWriteFailure, $"{failed} of {inputs.Count} records failed; see writeRecordResults"), results);
        });
    }

    private static WriteRecordResult Apply(CrmStore.Editor editor, CrmEntity entity, List<JsonObject> records, string operation,
        List<CrmField> idFields, string input, int index)
    {
        JsonObject record;
        try
        {
            record = JsonNode.Parse(input) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return Failed(null, $"record {index} is not a JSON object");
        }

        var givenId = record.TryGetPropertyValue(entity.PrimaryKey.Name, out var idNode) && idNode is not null ? RecordHandler.IdText(idNode) : null;
        if (record.Select(member => member.Key).FirstOrDefault(name => entity.Field(name) is null) is { } unknown)
        {
            return Failed(givenId, $"record {index}: {entity.Identifier} has no field '{unknown}'");
        }

        if (operation == "INSERT")
        {
            return Insert(editor, entity, records, record, givenId, index);
        }

        var missing = idFields.FirstOrDefault(field => !record.ContainsKey(field.Name));
        if (missing is not null)
        {
            return Failed(givenId, $"record {index}: {operation} needs id field {missing.Name}");
        }

        var matches = records.Where(existing => idFields.All(field =>
            existing.TryGetPropertyValue(field.Name, out var stored) && JsonNode.DeepEquals(stored, record[field.Name]))).ToList();
        if (matches.Count > 1)
        {
            return Failed(givenId, $"record {index}: {matches.Count} records have {Describe(idFields, record)}; {operation} needs exactly one");
        }

        if (matches.Count == 0)
        {
            return operation == "UPSERT"
                ? Insert(editor, entity, records, record, givenId, index)
                : Failed(givenId, $"record {index}: no {entity.Identifier} has {Describe(idFields, record)}");
        }

        var target = matches[0];
        var targetId = RecordHandler.IdText(target[entity.PrimaryKey.Name]!);
        if (operation == "DELETE")
        {
            records.Remove(target);
            return new WriteRecordResult(true, targetId);
        }

        var updated = target.DeepClone().AsObject();
        foreach (var (name, value) in record)
        {
            var field = entity.Field(name)!;
            if (idFields.Contains(field) || (field.IsPrimaryKey && JsonNode.DeepEquals(value, target[name])))
            {
                continue;
            }

            if (field.IsPrimaryKey || !field.Writable)
            {
                return Failed(targetId, $"record {index}: {name} cannot be updated");
            }

            if (!CrmValue.TryNormalize(field, value, out var normalized, out var problem))
            {
                return Failed(targetId, $"record {index}: {problem}");
            }

            updated[name] = normalized;
        }

        updated["LastModified"] = editor.Now();
        records[records.IndexOf(target)] = updated;
        return new WriteRecordResult(true, targetId);
    }

    private static WriteRecordResult Insert(CrmStore.Editor editor, CrmEntity entity, List<JsonObject> records, JsonObject record, string? givenId, int index)
    {
        if (entity.Fields.FirstOrDefault(field => field.RequiredOnInsert && (!record.TryGetPropertyValue(field.Name, out var value) || value is null)) is { } required)
        {
            return Failed(givenId, $"record {index}: {required.Name} is required to insert a {entity.Label}");
        }

        if (givenId is not null && records.Exists(existing => RecordHandler.IdText(existing[entity.PrimaryKey.Name]!) == givenId))
        {
            return Failed(givenId, $"record {index}: a {entity.Label} with {entity.PrimaryKey.Name} {givenId} already exists");
        }

        var inserted = new JsonObject();
        foreach (var field in entity.Fields)
        {
            if (field.IsPrimaryKey || !record.TryGetPropertyValue(field.Name, out var value))
            {
                continue;
            }

            if (!field.Writable)
            {
                return Failed(givenId, $"record {index}: {field.Name} is set by {ConfigurationHandler.ConnectorName} and cannot be written");
            }

            if (!CrmValue.TryNormalize(field, value, out var normalized, out var problem))
            {
                return Failed(givenId, $"record {index}: {problem}");
            }

            inserted[field.Name] = normalized;
        }

        if (givenId is not null && !CrmValue.TryNormalize(entity.PrimaryKey, record[entity.PrimaryKey.Name], out _, out var idProblem))
        {
            return Failed(null, $"record {index}: {idProblem}");
        }

        var id = givenId ?? editor.NextId(entity);
        editor.Reserve(entity, id);
        var stored = new JsonObject { [entity.PrimaryKey.Name] = id };
        foreach (var (name, value) in inserted)
        {
            stored[name] = value?.DeepClone();
        }

        stored["LastModified"] = editor.Now();
        records.Add(stored);
        return new WriteRecordResult(true, id);
    }

    private static string Describe(List<CrmField> idFields, JsonObject record) =>
        string.Join(" and ", idFields.Select(field => $"{field.Name} {record[field.Name]?.ToJsonString() ?? "null"}"));

    /// <summary>The Java SDK's WriteRecordResult requires a recordId: a record without one is reported with an empty id.</summary>
    private static WriteRecordResult Failed(string? recordId, string message) => new(false, recordId ?? "", message);
}
