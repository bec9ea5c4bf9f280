using System.Text.Json;
using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// The SecretString AppFlow keeps for a profile's credentials: the JSON the Java SDK's credential parser
/// reads (README, "Connector profiles"). BASIC <c>{"username","password"}</c>, APIKEY
/// <c>{"apiKey","apiSecretKey"}</c>, OAUTH2 <c>{"accessToken","refreshToken","clientId","clientSecret"}</c>
/// (the tokens the token URL granted, when it was asked; the Java SDK's OAuth2Credentials reads the first two), CUSTOM <c>{"customAuthenticationType", each credentialsMap entry
/// as a top-level member}</c>.
/// </summary>
internal static class CredentialsSecret
{
    public static string ToSecretString(CustomConnectorProfileCredentials credentials)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (credentials.AuthenticationType)
            {
                case "BASIC":
                    writer.WriteString("username", credentials.Basic!.Username);
                    writer.WriteString("password", credentials.Basic.Password);
                    break;
                case "APIKEY":
                    writer.WriteString("apiKey", credentials.ApiKey!.ApiKey);
                    WriteOptional(writer, "apiSecretKey", credentials.ApiKey.ApiSecretKey);
                    break;
                case "OAUTH2":
                    var oauth2 = credentials.Oauth2!;
                    writer.WriteString("accessToken", oauth2.AccessToken);
                    WriteOptional(writer, "refreshToken", oauth2.RefreshToken);
                    WriteOptional(writer, "clientId", oauth2.ClientId);
                    WriteOptional(writer, "clientSecret", oauth2.ClientSecret);
                    break;
                case "CUSTOM":
                    writer.WriteString("customAuthenticationType", credentials.Custom!.CustomAuthenticationType);
                    foreach (var (key, value) in credentials.Custom.CredentialsMap ?? [])
                    {
                        // The type's own member wins over a map entry of the same name.
                        if (key != "customAuthenticationType")
                        {
                            writer.WriteString(key, value);
                        }
                    }

                    break;
                default:
                    throw new InvalidOperationException($"No secret form for authentication type {credentials.AuthenticationType}.");
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
