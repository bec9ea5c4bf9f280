using System.Text.RegularExpressions;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>DescribeConnectorConfiguration, ValidateConnectorRuntimeSettings and ValidateCredentials.</summary>
internal static partial class ConfigurationHandler
{
    public const string ConnectorName = "SampleCrm";
    public const string ConnectorVersion = "1.0.0";
    public const string CustomAuthenticationType = "SampleToken";

    private static readonly string[] Scopes = ["CONNECTOR_PROFILE", "SOURCE", "DESTINATION", "SOURCE_AND_DESTINATION"];
    private static readonly string[] AuthenticationTypes = ["BasicAuth", "OAuth2", "ApiKey", "CustomAuth"];
    private static readonly string[] SupportedAuthenticationTypes = ["BasicAuth", "OAuth2", "ApiKey", "CustomAuth"];

    /// <summary>The Sample CRM's own token URL, where AppFlow exchanges authorization codes and fetches client-credentials tokens.</summary>
    public const string TokenUrl = "https://login.sample-crm.example/oauth2/token";

    /// <summary>
    /// A further token URL the connector lists, from its environment (a <c>cmd:</c> binding sets it with
    /// <c>--Lambda:FunctionEnvironment:SAMPLE_CRM_TOKEN_URL=...</c>), so a local token endpoint can stand in for the CRM's.
    /// </summary>
    public const string TokenUrlVariable = "SAMPLE_CRM_TOKEN_URL";

    /// <summary>
    /// The configuration is chosen to pass the API model as AppFlow reads it with no warning: names and
    /// owner without reserved words (aws, amazon, appflow), descriptions within the model's Description
    /// pattern (letters, digits, spaces and / ! @ # + = . - only), an https logo, auth flags matching the
    /// configs given. Every locale gets the English texts.
    /// </summary>
    public static DescribeConnectorConfigurationResponse DescribeConnectorConfiguration(DescribeConnectorConfigurationRequest request) => new(
        IsSuccess: true,
        ConnectorOwner: "Sample Software",
        ConnectorName: ConnectorName,
        ConnectorVersion: ConnectorVersion,
        ConnectorModes: ["SOURCE", "DESTINATION"],
        AuthenticationConfig: new AuthenticationConfig(
            IsBasicAuthSupported: true,
            IsApiKeyAuthSupported: true,
            IsOAuth2Supported: true,
            IsCustomAuthSupported: true,
            CustomAuthConfig:
            [
                new(CustomAuthenticationType,
                [
                    new("token", Required: true, "Access token", "Token from the Sample CRM admin page", SensitiveField: true),
                    new("region", Required: false, "Data region", "Where the Sample CRM instance is hosted", SensitiveField: false,
                        ConnectorSuppliedValues: ["eu", "us"]),
                ]),
            ],
            OAuth2Defaults: new OAuth2Defaults(
                OAuthScopes: ["crm.read", "crm.write"],
                TokenUrl: Environment.GetEnvironmentVariable(TokenUrlVariable) is { Length: > 0 } local ? [TokenUrl, local] : [TokenUrl],
                AuthUrl: ["https://login.sample-crm.example/oauth2/authorize"],
                OAuth2GrantTypesSupported: ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS"])),
        SupportedApiVersions: [Context.ApiVersion],
        ConnectorRuntimeSetting: RuntimeSettings.Declared,
        LogoUrl: "https://example.com/sample-crm/logo.png",
        OperatorsSupported:
        [
            "PROJECTION", "LESS_THAN", "GREATER_THAN", "BETWEEN", "LESS_THAN_OR_EQUAL_TO", "GREATER_THAN_OR_EQUAL_TO",
            "EQUAL_TO", "CONTAINS", "NOT_EQUAL_TO", "NO_OP",
        ],
        TriggerFrequenciesSupported: ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"],
        SupportedTriggerTypes: ["SCHEDULED", "ONDEMAND"],
        SupportedWriteOperations: ["INSERT", "UPDATE", "UPSERT", "DELETE"],
        SupportedDataTransferTypes: ["RECORD"]);

    /// <summary>
    /// Checks the settings of the request's scope (SOURCE_AND_DESTINATION covers both flow scopes): required
    /// ones present, each value valid; keys the connector does not declare are ignored, as AppFlow may
    /// pass settings aggregated across scopes.
    /// </summary>
    public static ValidateConnectorRuntimeSettingsResponse ValidateConnectorRuntimeSettings(ValidateConnectorRuntimeSettingsRequest request)
    {
        const string type = "ValidateConnectorRuntimeSettingsRequest";
        var scope = Context.Require(request.Scope, "scope", type);
        if (!Scopes.Contains(scope, StringComparer.Ordinal))
        {
            throw new ConnectorRequestException($"{type}.scope '{scope}' is not a ConnectorRuntimeSettingScope ({string.Join(", ", Scopes)})");
        }

        var given = request.ConnectorRuntimeSettings ?? throw new ConnectorRequestException($"{type} is missing required member connectorRuntimeSettings");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in RuntimeSettings.Declared.Where(setting => InScope(setting.Scope, scope)))
        {
            if (!given.TryGetValue(setting.Key, out var value) || value.ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                if (setting.Required)
                {
                    errors[setting.Key] = $"{setting.Key} is required";
                }

                continue;
            }

            if (RuntimeSettings.Problem(setting.Key, value) is { } problem)
            {
                errors[setting.Key] = $"{setting.Key} {problem}";
            }
        }

        return errors.Count == 0
            ? new ValidateConnectorRuntimeSettingsResponse(IsSuccess: true)
            : new ValidateConnectorRuntimeSettingsResponse(IsSuccess: false, errors,
                Context.Invalid($"Invalid connector runtime settings for scope {scope}: {string.Join("; ", errors.Values)}"));
    }

    /// <summary>
    /// The sample keeps no secrets of its own and does not call Secrets Manager: it checks what the event
    /// carries, i.e. an authentication type the connector supports and a Secrets Manager secret ARN.
    /// An authentication type outside the SDKs' enum is a malformed event (both SDKs fail to parse it).
    /// </summary>
    public static ValidateCredentialsResponse ValidateCredentials(ValidateCredentialsRequest request)
    {
        const string type = "ValidateCredentialsRequest";
        var credentials = request.Credentials ?? throw new ConnectorRequestException($"{type} is missing required member credentials");
        var authenticationType = Context.Require(credentials.AuthenticationType, "credentials.authenticationType", type);
        if (!AuthenticationTypes.Contains(authenticationType, StringComparer.Ordinal))
        {
            throw new ConnectorRequestException(
                $"{type}.credentials.authenticationType '{authenticationType}' is not an AuthenticationType ({string.Join(", ", AuthenticationTypes)})");
        }

        if (!SupportedAuthenticationTypes.Contains(authenticationType, StringComparer.Ordinal))
        {
            return new ValidateCredentialsResponse(false, new ErrorDetails(ErrorCodes.InvalidCredentials,
                $"{ConnectorName} does not support {authenticationType} authentication; use one of {string.Join(", ", SupportedAuthenticationTypes)}"));
        }

        if (credentials.SecretArn is not { } arn || !SecretArn().IsMatch(arn))
        {
            return new ValidateCredentialsResponse(false, new ErrorDetails(ErrorCodes.InvalidCredentials,
                $"credentials.secretArn '{credentials.SecretArn}' is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"));
        }

        return new ValidateCredentialsResponse(true);
    }

    private static bool InScope(string settingScope, string requested) => requested == "SOURCE_AND_DESTINATION"
        ? settingScope is "SOURCE" or "DESTINATION" or "SOURCE_AND_DESTINATION"
        : settingScope == requested;

    [GeneratedRegex(@"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[\w/+=.@-]+$")]
    private static partial Regex SecretArn();
}
