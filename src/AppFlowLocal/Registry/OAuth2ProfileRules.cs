using AppFlowLocal.Connectors;
using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// What an OAUTH2 profile of a custom connector must carry, and the token request AppFlow makes for it.
/// The official SDKs support the AUTHORIZATION_CODE and CLIENT_CREDENTIALS grants; AppFlow exchanges an
/// authorization code at the token URL, fetches a client-credentials token itself, and stores the tokens as
/// the profile's secret. JWT_BEARER is in the API's enum, but a custom connector's credentials have no
/// member for the assertion, so such a profile brings its accessToken.
/// </summary>
internal static partial class OAuth2ProfileRules
{
    private const string CredentialsPath = "connectorProfileConfig.connectorProfileCredentials.CustomConnector.oauth2";
    private const string PropertiesPath = "connectorProfileConfig.connectorProfileProperties.CustomConnector.oAuth2Properties";

    /// <summary>Everything the registered configuration and the grant rule out, each in one sentence.</summary>
    public static List<string> Problems(ConnectorRegistration registration, OAuth2Credentials? credentials, OAuth2Properties? properties)
    {
        var problems = new List<string>();
        if (credentials is null)
        {
            problems.Add($"{CredentialsPath} is required for authenticationType OAUTH2");
        }

        if (properties is null)
        {
            problems.Add($"{PropertiesPath} is required for authenticationType OAUTH2");
            return problems;
        }

        var defaults = registration.Configuration.AuthenticationConfig?.OAuth2Defaults;
        var grants = defaults?.Oauth2GrantTypesSupported ?? [];
        if (!grants.Contains(properties.OAuth2GrantType!, StringComparer.Ordinal))
        {
            problems.Add($"Connector {registration.Label} does not support OAuth2 grant type {properties.OAuth2GrantType}; it supports " +
                (grants.Count == 0 ? "none" : string.Join(", ", grants)));
        }

        var custom = properties.TokenUrlCustomProperties ?? [];
        var tokenUrls = defaults?.TokenUrls ?? [];
        var fillProblems = new List<string>();
        var matched = false;
        foreach (var listed in tokenUrls)
        {
            var unfit = new List<string>();
            if (Fill(listed, custom, unfit) == properties.TokenUrl)
            {
                matched |= unfit.Count == 0;
                fillProblems.AddRange(unfit);
            }
        }

        if (!matched)
        {
            problems.AddRange(fillProblems.Count > 0
                ? fillProblems.Distinct()
                : [$"{PropertiesPath}.tokenUrl {QuotedValue.Quote(properties.TokenUrl!)} is not a token URL of connector {registration.Label}; it lists " +
                    (tokenUrls.Count == 0 ? "none" : string.Join(", ", tokenUrls))]);
        }

        foreach (var parameter in defaults?.Oauth2CustomProperties ?? [])
        {
            if (parameter.IsRequired == true && parameter.Type == TokenUrlType && parameter.Key is { } key && !custom.ContainsKey(key))
            {
                problems.Add($"Required OAuth2 custom property {key} (type {TokenUrlType}) of connector {registration.Label} is missing from {PropertiesPath}.tokenUrlCustomProperties");
            }
        }

        if (credentials is not null && credentials.AccessToken is null)
        {
            switch (properties.OAuth2GrantType)
            {
                case AuthorizationCode when credentials.OAuthRequest?.AuthCode is null:
                    problems.Add($"{CredentialsPath} needs an accessToken, or oAuthRequest.authCode to exchange at the token URL, for grant type {AuthorizationCode}");
                    break;
                case AuthorizationCode when credentials.ClientId is null:
                    problems.Add($"{CredentialsPath}.clientId is required to exchange an authorization code");
                    break;
                case ClientCredentials when credentials.ClientId is null || credentials.ClientSecret is null:
                    problems.Add($"{CredentialsPath} needs an accessToken, or clientId and clientSecret to fetch one, for grant type {ClientCredentials}");
                    break;
                case not (AuthorizationCode or ClientCredentials):
                    problems.Add($"{CredentialsPath}.accessToken is required for grant type {properties.OAuth2GrantType}: a custom connector's credentials have no member for its assertion");
                    break;
            }
        }

        return problems;
    }

    /// <summary>
    /// The token request to make before the connector validates the profile, or null when the profile brings its
    /// accessToken (an authCode is exchanged even then: it is what AppFlow's console sends).
    /// </summary>
    public static List<KeyValuePair<string, string>>? TokenRequest(OAuth2Credentials credentials, OAuth2Properties properties, IReadOnlyList<string>? scopes)
    {
        List<KeyValuePair<string, string>> form;
        if (properties.OAuth2GrantType == AuthorizationCode && credentials.OAuthRequest?.AuthCode is { } code)
        {
            form = [new("grant_type", "authorization_code"), new("code", code)];
            if (credentials.OAuthRequest.RedirectUri is { } redirectUri)
            {
                form.Add(new("redirect_uri", redirectUri));
            }
        }
        else if (properties.OAuth2GrantType == ClientCredentials && credentials.AccessToken is null)
        {
            form = [new("grant_type", "client_credentials")];
            if (scopes is { Count: > 0 })
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }
        }
        else
        {
            return null;
        }

        form.Add(new("client_id", credentials.ClientId!));
        if (credentials.ClientSecret is { } secret)
        {
            form.Add(new("client_secret", secret));
        }

        // The connector's additional token-request parameters, after the standard ones so they cannot replace them.
        form.AddRange((properties.TokenUrlCustomProperties ?? []).Where(p => !form.Exists(f => f.Key == p.Key)).ToList());
        return form;
    }

    // The API's names of the grants the SDKs support, and of the custom properties that go to the token URL.
    private const string AuthorizationCode = "AUTHORIZATION_CODE";
    private const string ClientCredentials = "CLIENT_CREDENTIALS";
    private const string TokenUrlType = "TOKEN_URL";

    /// <summary>
    /// The token URL as a URL a token request can go to: absolute, http or https, with a host and without user
    /// information. The URL is the connector's (a listed one, its placeholders filled with values that cannot
    /// change its form), so one that is none is the connector's fault, as any other unusable answer of it is.
    /// </summary>
    public static Uri TokenUri(ConnectorRegistration registration, string tokenUrl) =>
        Uri.TryCreate(tokenUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && uri.UserInfo.Length == 0
            ? uri
            : throw ConnectorFailure.Server($"Connector function {registration.LambdaArn} lists the token URL {QuotedValue.Quote(tokenUrl)} (connector {registration.Label}), " +
                "which is not an absolute http or https URL with a host and without user information: no token can be requested there");

    /// <summary>
    /// A listed URL with its <c>{{key}}</c> placeholders filled from the profile's custom properties. A value must
    /// not change where the request goes: in the scheme, user information or port no value may stand, in the host a value may
    /// only be one host label, and in the path or query only unreserved characters and percent-encoded octets (RFC 3986), so it
    /// can neither end the authority nor add a segment, a parameter or a fragment. Each value that does not fit, and
    /// each placeholder without a value, is a problem naming its key; values are never quoted (a connector may mark
    /// a custom property sensitive).
    /// </summary>
    private static string Fill(string listed, IReadOnlyDictionary<string, string> custom, List<string> problems)
    {
        var schemeEnd = listed.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var authorityEnd = listed.IndexOfAny(['/', '?', '#'], authorityStart) is var end and >= 0 ? end : listed.Length;

        // The host is what lies between any user information and any port (an IPv6 literal keeps its colons in brackets).
        var hostStart = authorityStart + listed.AsSpan(authorityStart, authorityEnd - authorityStart).LastIndexOf('@') + 1;
        var hostEnd = hostStart < listed.Length && listed[hostStart] == '['
            ? listed.IndexOf(']', hostStart, authorityEnd - hostStart) + 1
            : listed.IndexOf(':', hostStart, authorityEnd - hostStart);
        hostEnd = hostEnd <= 0 ? authorityEnd : hostEnd;
        return Placeholder().Replace(listed, match =>
        {
            var key = match.Groups[1].Value;
            var where = $"OAuth2 custom property {key} ({PropertiesPath}.tokenUrlCustomProperties.{key}) fills a placeholder of token URL {listed}";
            if (!custom.TryGetValue(key, out var value))
            {
                problems.Add($"{where} but has no value");
            }
            else if (match.Index < hostStart || (match.Index >= hostEnd && match.Index < authorityEnd))
            {
                problems.Add($"{where} in its scheme, user information or port, which no value may change");
            }
            else if (match.Index < hostEnd)
            {
                if (!HostLabel().IsMatch(value))
                {
                    problems.Add($"{where} in its host: the value must be one host label (1 to 63 letters, digits and hyphens, " +
                        "not starting or ending with a hyphen), so it cannot change the URL's host, port or scheme");
                }
            }
            else if (!PathOrQueryValue().IsMatch(value) || value is "." or "..")
            {
                problems.Add($"{where} in its path or query: the value must hold only letters, digits, '-', '.', '_', '~' and " +
                    "percent-encoded octets (%XX), and not be '.' or '..', so it cannot change where the token request goes");
            }

            return value ?? match.Value;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\z")]
    private static partial System.Text.RegularExpressions.Regex HostLabel();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*\z")]
    private static partial System.Text.RegularExpressions.Regex PathOrQueryValue();
}
