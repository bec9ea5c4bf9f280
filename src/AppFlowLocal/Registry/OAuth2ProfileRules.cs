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
        if (!tokenUrls.Any(listed => Fill(listed, custom) == properties.TokenUrl))
        {
            problems.Add($"{PropertiesPath}.tokenUrl {QuotedValue.Quote(properties.TokenUrl!)} is not a token URL of connector {registration.Label}; it lists " +
                (tokenUrls.Count == 0 ? "none" : string.Join(", ", tokenUrls)));
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

    /// <summary>A listed URL with its <c>{{key}}</c> placeholders filled from the profile's custom properties.</summary>
    private static string Fill(string listed, IReadOnlyDictionary<string, string> custom) =>
        Placeholder().Replace(listed, match => custom.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();
}
