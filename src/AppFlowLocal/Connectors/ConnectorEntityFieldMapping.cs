using System.Globalization;
using System.Text.Json;
using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>
/// A connector's DescribeEntityResponse as the API's ConnectorEntityFields (README, "Connector profiles",
/// has the table): member by member, SDK spellings in, API spellings out, null kept as absent.
/// </summary>
internal static class ConnectorEntityFieldMapping
{
    private const string ResponseType = "DescribeEntityResponse";

    public static List<ConnectorEntityField> FromPayload(string functionArn, byte[] payload)
    {
        ConnectorProfileEvents.EnsureValid(functionArn, ResponseType, payload);
        SdkDescribeEntityResponse response;
        try
        {
            response = JsonSerializer.Deserialize(payload, ConnectorProtocolJsonContext.Default.SdkDescribeEntityResponse)!;
        }
        catch (JsonException exception)
        {
            throw ConnectorFailure.Server(
                $"Connector function {functionArn} returned a {ResponseType} that cannot be read: {ConnectorFailure.Quote(exception.Message)}");
        }

        var fields = response.EntityDefinition?.Fields
            ?? throw ConnectorFailure.Server($"Connector function {functionArn} returned a {ResponseType} without entityDefinition.fields.");
        return [.. fields.Select((field, index) => ToField(field, $"Connector function {functionArn} returned a {ResponseType} whose entityDefinition.fields[{index}]"))];
    }

    /// <param name="where">How a problem's message names the field, e.g. "... entityDefinition.fields[3]".</param>
    internal static ConnectorEntityField ToField(SdkFieldDefinition? field, string where)
    {
        if (field?.FieldName is not { Length: > 0 } name)
        {
            throw ConnectorFailure.Server($"{where} has no fieldName.");
        }

        // fieldType is the SDK's dataType, not its free-text dataTypeLabel (SPEC.md).
        var dataType = field.DataType is { Length: > 0 } type ? type : throw ConnectorFailure.Server($"{where} ({name}) has no dataType.");
        var constraints = field.Constraints;
        var read = field.ReadProperties;
        var write = field.WriteProperties;
        return new ConnectorEntityField
        {
            Identifier = name,
            Label = field.Label,
            IsPrimaryKey = field.IsPrimaryKey,
            DefaultValue = field.DefaultValue,
            IsDeprecated = field.IsDeprecated,
            Description = field.Description,
            SupportedFieldTypeDetails = new SupportedFieldTypeDetails
            {
                V1 = new FieldTypeDetails
                {
                    FieldType = dataType,

                    // Required by the model: a field without operators supports none.
                    FilterOperators = Strings(field.FilterOperators) ?? [],
                    SupportedValues = Strings(constraints?.AllowedValues),
                    ValueRegexPattern = constraints?.AllowedValuesRegexPattern,
                    SupportedDateFormat = constraints?.AllowedDateFormat,
                    FieldValueRange = Range(constraints?.AllowedValueRange, where, name),
                    FieldLengthRange = Range(constraints?.AllowedLengthRange, where, name),
                },
            },

            // isNullable of the read properties has no place in the API's source properties.
            SourceProperties = read is null ? null : new SourceFieldProperties
            {
                IsRetrievable = read.IsRetrievable,
                IsQueryable = read.IsQueryable,
                IsTimestampFieldForIncrementalQueries = read.IsTimestampFieldForIncrementalQueries,
            },
            DestinationProperties = write is null ? null : new DestinationFieldProperties
            {
                IsCreatable = write.IsCreatable,
                IsNullable = write.IsNullable,
                IsUpsertable = write.IsUpsertable,
                IsUpdatable = write.IsUpdatable,
                IsDefaultedOnCreate = write.IsDefaultedOnCreate,
                SupportedWriteOperations = Strings(write.SupportedWriteOperations),
            },
            CustomProperties = field.CustomProperties?.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!),
        };
    }

    private static List<string>? Strings(List<string?>? values) => values?.OfType<string>().ToList();

    private static FieldRange? Range(SdkRangeConstraint? range, string where, string name) => range is null
        ? null
        : new FieldRange { Minimum = Number(range.MinRange, where, name, "minRange"), Maximum = Number(range.MaxRange, where, name, "maxRange") };

    /// <summary>
    /// A range bound as a finite double. The SDKs send BigDecimal/Decimal, which can exceed a double (1e400) or,
    /// as text, spell NaN and Infinity; JSON has no such numbers, so the response could not be written.
    /// </summary>
    private static double? Number(JsonElement? value, string where, string name, string member)
    {
        double? parsed = value switch
        {
            null or { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.Number } number => number.TryGetDouble(out var result) ? result : double.NaN,
            { ValueKind: JsonValueKind.String } text => double.TryParse(text.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
                ? result
                : throw NotANumber(value.Value, where, name, member, "which is not a number"),
            { } other => throw NotANumber(other, where, name, member, "which is not a number"),
        };
        return parsed is { } bound && !double.IsFinite(bound)
            ? throw NotANumber(value!.Value, where, name, member, "which is not a finite number a double can hold")
            : parsed;
    }

    private static AppFlowException NotANumber(JsonElement value, string where, string name, string member, string why) =>
        ConnectorFailure.Server($"{where} ({name}) has {member} {ConnectorFailure.Quote(value.GetRawText())}, {why}.");
}
