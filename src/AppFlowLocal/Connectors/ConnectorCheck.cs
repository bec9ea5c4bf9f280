using System.Text.RegularExpressions;
using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>
/// Checks what a connector function answers to DescribeConnectorConfigurationRequest: every reason
/// registration would refuse it (SPEC.md, "Connector Lambda") as errors, and as warnings what AppFlow
/// accepts but its model's patterns, AWS's SDK validators and documentation flag, so a connector
/// author sees everything in one run instead of one refusal at a time.
/// </summary>
internal static partial class ConnectorCheck
{
    private static readonly string[] ReservedWords = ["aws", "amazon", "appflow"];

    public static async Task<ConnectorCheckReport> RunAsync(LambdaInvoker invoker, LambdaFunctionArn function, CancellationToken cancellationToken)
    {
        var errors = new List<ConnectorCheckFinding>();
        var warnings = new List<ConnectorCheckFinding>();
        byte[] payload;
        try
        {
            payload = await invoker.InvokeAsync(function, LambdaInvoker.DescribeEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (AppFlowException e)
        {
            return Failed(function, "(invocation)", e);
        }

        ConnectorConfiguration configuration;
        try
        {
            var response = ConnectorConfigurationMapping.Read(function.Value, payload);
            ConnectorConfigurationMapping.EnsureSuccess(function.Value, response);
            configuration = ConnectorConfigurationMapping.ToConfiguration(response);
        }
        catch (AppFlowException e)
        {
            return Failed(function, "(response)", e);
        }

        var patternMismatches = new ConstraintViolations();
        var violations = ConnectorConfigurationMapping.Check(configuration, patternMismatches);
        errors.AddRange(Findings(ConnectorCheckFinding.Error, violations));
        warnings.AddRange(Findings(ConnectorCheckFinding.Warning, patternMismatches));
        warnings.AddRange(Advice(configuration));
        return new ConnectorCheckReport { Function = function.Value, Errors = errors, Warnings = warnings, Configuration = configuration };
    }

    private static ConnectorCheckReport Failed(LambdaFunctionArn function, string member, AppFlowException e) => new()
    {
        Function = function.Value,
        Errors = [new ConnectorCheckFinding(ConnectorCheckFinding.Error, member, $"{e.Code}: {e.Message}")],
    };

    /// <summary>Each validation clause as a finding naming its member ("Value 'x' at 'connectorName' failed ...").</summary>
    private static IEnumerable<ConnectorCheckFinding> Findings(string severity, ConstraintViolations violations)
    {
        foreach (var clause in violations.Reported)
        {
            var member = MemberOfClause().Match(clause) is { Success: true } match ? match.Groups[1].Value : "(configuration)";
            yield return new ConnectorCheckFinding(severity, member, ConnectorFailure.OneLine(clause));
        }

        if (violations.Total > violations.Reported.Count)
        {
            yield return new ConnectorCheckFinding(severity, "(configuration)", $"and {violations.Total - violations.Reported.Count} more");
        }
    }

    /// <summary>What AWS's documentation and SDK validators flag beyond the model's constraints.</summary>
    private static IEnumerable<ConnectorCheckFinding> Advice(ConnectorConfiguration configuration)
    {
        foreach (var (member, value) in new[] { ("connectorName", configuration.ConnectorName), ("connectorOwner", configuration.ConnectorOwner) })
        {
            foreach (var word in ReservedWords.Where(word => value is not null && Regex.IsMatch(value, $@"\b{word}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
            {
                yield return Warn(member, $"'{value}' contains the reserved word '{word}'; AWS does not allow AWS, Amazon or AppFlow in a third-party connector's name or owner");
            }
        }

        if (configuration.LogoURL is null)
        {
            yield return Warn("logoURL", "no logo: AppFlow's console shows a generic icon for the connector");
        }

        var auth = configuration.AuthenticationConfig;
        if (auth is null || (auth.IsBasicAuthSupported != true && auth.IsApiKeyAuthSupported != true && auth.IsOAuth2Supported != true && auth.IsCustomAuthSupported != true))
        {
            yield return Warn("authenticationConfig", "no authentication type is supported: a connector profile cannot be created for it");
        }

        if (auth is not null)
        {
            if (auth.IsOAuth2Supported == true && auth.OAuth2Defaults is null)
            {
                yield return Warn("authenticationConfig.oAuth2Defaults", "isOAuth2Supported is true but no oAuth2Defaults are given: AppFlow has no token or authorization URL to use");
            }

            if (auth.IsOAuth2Supported != true && auth.OAuth2Defaults is not null)
            {
                yield return Warn("authenticationConfig.isOAuth2Supported", "oAuth2Defaults are given but isOAuth2Supported is not true: AppFlow ignores them");
            }

            if (auth.IsCustomAuthSupported == true && auth.CustomAuthConfigs is not { Count: > 0 })
            {
                yield return Warn("authenticationConfig.customAuthConfigs", "isCustomAuthSupported is true but no customAuthConfig is given: a profile has no fields to fill in");
            }

            if (auth.IsCustomAuthSupported != true && auth.CustomAuthConfigs is { Count: > 0 })
            {
                yield return Warn("authenticationConfig.isCustomAuthSupported", "customAuthConfig is given but isCustomAuthSupported is not true: AppFlow ignores it");
            }

            foreach (var (member, urls) in new[] { ("tokenUrls", auth.OAuth2Defaults?.TokenUrls), ("authCodeUrls", auth.OAuth2Defaults?.AuthCodeUrls) })
            {
                foreach (var url in (urls ?? []).Where(url => !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                {
                    yield return Warn($"authenticationConfig.oAuth2Defaults.{member}", $"'{QuotedValue.Cut(url)}' is not an https URL: OAuth2 credentials would travel unencrypted");
                }
            }
        }

        foreach (var setting in (configuration.ConnectorRuntimeSettings ?? []).Where(s => s.IsRequired == true && string.IsNullOrWhiteSpace(s.Description)))
        {
            yield return Warn("connectorRuntimeSettings", $"the required setting '{setting.Key}' has no description: the person creating a profile is not told what to enter");
        }
    }

    private static ConnectorCheckFinding Warn(string member, string message) => new(ConnectorCheckFinding.Warning, member, message);

    [GeneratedRegex(@" at '([^']*)' failed to satisfy", RegexOptions.CultureInvariant)]
    private static partial Regex MemberOfClause();
}
