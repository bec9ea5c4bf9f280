using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Connectors;

/// <summary>
/// Turns a connector's DescribeConnectorConfigurationResponse payload into the connector-supplied
/// members of the API's ConnectorConfiguration (SPEC.md, "Connector Lambda"), or into the error the
/// caller gets.
/// </summary>
internal static class ConnectorConfigurationMapping
{
    /// <summary>
    /// What a connector must return: the API's ConnectorConfiguration with connectorName, connectorVersion
    /// and connectorModes required, and the modes limited to the SDKs' ConnectorModes, at least one of
    /// them (SPEC.md). The API model only asks a mode to be a non-blank string, but a connector with no
    /// mode, or with one that is neither SOURCE nor DESTINATION, is usable as neither, so both are refused.
    /// </summary>
    private static readonly StructureShape ConnectorShape = AppFlowModel.ConnectorConfigurationFromConnector with
    {
        Members =
        [
            .. AppFlowModel.ConnectorConfigurationFromConnector.Members.Select(member => member.Name == "connectorModes"
                ? member with
                {
                    Shape = AppFlowModel.ConnectorModeList with
                    {
                        Min = 1,
                        Member = AppFlowModel.ConnectorMode with { Enum = ["SOURCE", "DESTINATION"] },
                    },
                }
                : member),
        ],
    };

    /// <summary>Payloads larger than this are mapped every time rather than remembered (Lambda allows 6 MB).</summary>
    internal const int RememberedPayloadBytes = 64 * 1024;

    private const int RememberedFunctions = 256;

    // Each function's last payload and what it mapped to. A function answers every registration and update with
    // the same bytes, and parsing them, mapping them and checking them against the model was a quarter of an
    // invocation's time on the server (bench/README). The mapping depends on the bytes and the function alone.
    private static readonly ConcurrentDictionary<string, Mapped> LastMapped = new(StringComparer.Ordinal);

    public static ConnectorConfiguration FromPayload(string functionArn, ReadOnlyMemory<byte> payload) =>
        FromPayload(functionArn, payload, warnings: []);

    /// <summary>
    /// <see cref="FromPayload(string, ReadOnlyMemory{byte}, ICollection{string})"/>, answered from memory when
    /// <paramref name="functionArn"/> returned these very bytes last time and they mapped without error.
    /// </summary>
    public static ConnectorConfiguration FromPayloadRemembered(string functionArn, byte[] payload, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(warnings);
        if (LastMapped.TryGetValue(functionArn, out var last) && last.Payload.AsSpan().SequenceEqual(payload))
        {
            foreach (var warning in last.Warnings)
            {
                warnings.Add(warning);
            }

            return last.Configuration;
        }

        var found = new List<string>();
        var configuration = FromPayload(functionArn, payload, found);
        if (payload.Length <= RememberedPayloadBytes)
        {
            // Counted only for a function not yet remembered: Count takes every lock of the dictionary, and a function
            // whose payload changes on every call would otherwise pay that on every call.
            if (last is null && LastMapped.Count >= RememberedFunctions)
            {
                LastMapped.Clear();
            }

            LastMapped[functionArn] = new Mapped(payload, configuration, [.. found]);
        }

        foreach (var warning in found)
        {
            warnings.Add(warning);
        }

        return configuration;
    }

    /// <param name="warnings">
    /// Receives what the configuration breaks but is not refused for: values that do not match the
    /// model's patterns (SPEC.md, "Connector Lambda"). Each is an AWS validation clause on one line,
    /// naming the member and the pattern; past <see cref="ConstraintViolations.ReportedLimit"/> a last
    /// entry counts the rest.
    /// </param>
    public static ConnectorConfiguration FromPayload(string functionArn, ReadOnlyMemory<byte> payload, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var response = Read(functionArn, payload);
        EnsureSuccess(functionArn, response);
        var configuration = ToConfiguration(response);
        var patternMismatches = new ConstraintViolations();
        var violations = Check(configuration, patternMismatches);
        if (!violations.IsEmpty)
        {
            throw ConnectorFailure.Server($"Connector function {functionArn} returned a configuration the API cannot accept: {violations}");
        }

        foreach (var clause in patternMismatches.Reported)
        {
            warnings.Add(ConnectorFailure.OneLine(clause));
        }

        if (patternMismatches.Total > patternMismatches.Reported.Count)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"and {patternMismatches.Total - patternMismatches.Reported.Count} more values that do not match their pattern"));
        }

        return configuration;
    }

    internal static DescribeConnectorConfigurationResponse Read(string functionArn, ReadOnlyMemory<byte> payload)
    {
        if (payload.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw ConnectorFailure.Server($"Connector function {functionArn} returned an empty payload instead of a DescribeConnectorConfigurationResponse.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException exception)
        {
            throw ConnectorFailure.Server(
                $"Connector function {functionArn} returned a payload that is not JSON ({exception.Message}); it begins: {ConnectorFailure.Quote(Beginning(payload.Span))}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ConnectorFailure.Server(
                    $"Connector function {functionArn} returned {Describe(root.ValueKind)} where a DescribeConnectorConfigurationResponse object was expected.");
            }

            try
            {
                return root.Deserialize(ConnectorProtocolJsonContext.Default.DescribeConnectorConfigurationResponse)!;
            }
            catch (JsonException exception)
            {
                var path = exception.Path is { Length: > 1 } raw ? raw.TrimStart('$').TrimStart('.') : "";
                var element = Locate(root, exception.Path);

                // The deserializer reports text it cannot decode (bytes that are not UTF-8, an escaped lone
                // surrogate) as a JsonException around an InvalidOperationException: say what it is, not "wrong type".
                if (exception.InnerException is InvalidOperationException && element is { } failed && MalformedJsonText.Find(failed) is { } malformed)
                {
                    throw ConnectorFailure.Server($"Connector function {functionArn} returned {malformed.Under(path)}.");
                }

                var found = element is { } located ? Describe(located.ValueKind) : "a value";
                throw ConnectorFailure.Server(
                    $"Connector function {functionArn} returned a DescribeConnectorConfigurationResponse with {found} at '{(path.Length == 0 ? "(unknown member)" : path)}', which is the wrong JSON type for that member.");
            }
        }
    }

    internal static void EnsureSuccess(string functionArn, DescribeConnectorConfigurationResponse response)
    {
        if (response.IsSuccess == true)
        {
            return;
        }

        if (response.ErrorDetails is not { } error)
        {
            throw ConnectorFailure.Server(response.IsSuccess is null
                ? $"Connector function {functionArn} returned a DescribeConnectorConfigurationResponse without isSuccess."
                : $"Connector function {functionArn} returned isSuccess false without errorDetails.");
        }

        var message = error.ErrorMessage is null ? "(no errorMessage)" : ConnectorFailure.Quote(error.ErrorMessage);
        if (error.ErrorCode == "InvalidCredentials")
        {
            throw ConnectorFailure.Authentication($"Connector function {functionArn} reported InvalidCredentials: {message}");
        }

        var retry = error.RetryAfterSeconds is { } seconds
            ? string.Create(CultureInfo.InvariantCulture, $" (retry after {seconds} s)")
            : "";
        throw ConnectorFailure.Server(
            $"Connector function {functionArn} reported {ConnectorFailure.Quote(error.ErrorCode ?? "an error without errorCode")}: {message}{retry}");
    }

    /// <summary>The mapping itself: renames, SDK enum spellings to the API's, null kept as absent.</summary>
    internal static ConnectorConfiguration ToConfiguration(DescribeConnectorConfigurationResponse response)
    {
        var modes = Strings(response.ConnectorModes);
        return new ConnectorConfiguration
        {
            CanUseAsSource = modes?.Contains("SOURCE"),
            CanUseAsDestination = modes?.Contains("DESTINATION"),
            SupportedSchedulingFrequencies = Strings(response.TriggerFrequenciesSupported),
            SupportedTriggerTypes = Strings(response.SupportedTriggerTypes)?.ConvertAll(TriggerType),
            ConnectorOwner = response.ConnectorOwner,
            ConnectorName = response.ConnectorName,
            ConnectorVersion = response.ConnectorVersion,
            ConnectorModes = modes,
            AuthenticationConfig = response.AuthenticationConfig is { } authentication ? Map(authentication) : null,
            ConnectorRuntimeSettings = Structures(response.ConnectorRuntimeSetting, Map),
            SupportedApiVersions = Strings(response.SupportedApiVersions),
            SupportedOperators = Strings(response.OperatorsSupported),
            SupportedWriteOperations = Strings(response.SupportedWriteOperations),
            LogoURL = response.LogoUrl,
            SupportedDataTransferTypes = Strings(response.SupportedDataTransferTypes),
        };
    }

    /// <summary>
    /// Every constraint of the API the configuration breaks, as AWS validation clauses, except pattern
    /// mismatches, which go to <paramref name="patternMismatches"/>.
    /// </summary>
    internal static ConstraintViolations Check(ConnectorConfiguration configuration, ConstraintViolations patternMismatches) =>
        ConstraintValidator.Validate(
            JsonSerializer.SerializeToElement(configuration, AppFlowJsonContext.Default.ConnectorConfiguration), ConnectorShape, patternMismatches);

    private static AuthenticationConfig Map(SdkAuthenticationConfig config) => new()
    {
        IsBasicAuthSupported = config.IsBasicAuthSupported,
        IsApiKeyAuthSupported = config.IsApiKeyAuthSupported,
        IsOAuth2Supported = config.IsOAuth2Supported,
        IsCustomAuthSupported = config.IsCustomAuthSupported,
        OAuth2Defaults = config.OAuth2Defaults is { } defaults ? Map(defaults) : null,
        CustomAuthConfigs = Structures(config.CustomAuthConfig, Map),
    };

    private static OAuth2Defaults Map(SdkOAuth2Defaults defaults) => new()
    {
        OauthScopes = Strings(defaults.OAuthScopes),
        TokenUrls = Strings(defaults.TokenUrl),
        AuthCodeUrls = Strings(defaults.AuthUrl),
        Oauth2GrantTypesSupported = Strings(defaults.OAuth2GrantTypesSupported),
        // Python spells it oAuth2CustomProperties, Java oauth2CustomProperties; a payload has one of them.
        Oauth2CustomProperties = Structures(defaults.PythonOAuth2CustomProperties ?? defaults.JavaOAuth2CustomProperties, Map),
    };

    private static OAuth2CustomParameter Map(SdkOAuth2CustomParameter parameter) => new()
    {
        Key = parameter.Key,
        IsRequired = parameter.Required,
        Type = parameter.Type,
        Label = parameter.Label,
        Description = parameter.Description,
        IsSensitiveField = parameter.SensitiveField,
        ConnectorSuppliedValues = Strings(parameter.ConnectorSuppliedValues),
    };

    private static CustomAuthConfig Map(SdkCustomAuthConfig config) => new()
    {
        CustomAuthenticationType = config.AuthenticationType,
        AuthParameters = Structures(config.AuthParameters, Map),
    };

    private static AuthParameter Map(SdkAuthParameter parameter) => new()
    {
        Key = parameter.Key,
        IsRequired = parameter.Required,
        Label = parameter.Label,
        Description = parameter.Description,
        IsSensitiveField = parameter.SensitiveField,
        ConnectorSuppliedValues = Strings(parameter.ConnectorSuppliedValues),
    };

    private static ConnectorRuntimeSetting Map(SdkConnectorRuntimeSetting setting) => new()
    {
        Key = setting.Key,
        DataType = setting.DataType,
        IsRequired = setting.Required,
        Label = setting.Label,
        Description = setting.Description,
        Scope = setting.Scope,
        ConnectorSuppliedValueOptions = Strings(setting.ConnectorSuppliedValueOptions),
    };

    /// <summary>The SDKs' TriggerType names; anything else passes unchanged so the validator names it.</summary>
    private static string TriggerType(string value) => value switch
    {
        "SCHEDULED" => "Scheduled",
        "ONDEMAND" => "OnDemand",
        _ => value,
    };

    // A null inside a list is kept (against the element type's annotation) so that the API's validator
    // reports it in AWS's words instead of the list silently shrinking.
    private static List<string>? Strings(List<string?>? values) => values?.ConvertAll(value => value!);

    private static List<TOut>? Structures<TIn, TOut>(List<TIn?>? values, Func<TIn, TOut> map)
        where TIn : class
        where TOut : class =>
        values?.ConvertAll(value => value is null ? null! : map(value));

    private static string Beginning(ReadOnlySpan<byte> payload) =>
        Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 80)]);

    /// <summary>Follows a System.Text.Json path such as <c>$.a.b[0].c</c> or <c>$['a b']</c>; null when it cannot.</summary>
    private static JsonElement? Locate(JsonElement root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var current = root;
        var i = 1;
        while (i < path.Length)
        {
            string? name = null;
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                name = path[(i + 1)..end];
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", i, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                name = path[(i + 2)..end];
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
                i = end + 1;
                continue;
            }
            else
            {
                return null;
            }

            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private sealed record Mapped(byte[] Payload, ConnectorConfiguration Configuration, string[] Warnings);
}
