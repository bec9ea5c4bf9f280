using System.Text.Json;

namespace AppFlowLocal.Wire;

/// <summary>
/// Reads <c>Auth:CredentialsFile</c>: <c>{"Credentials": [{"AccessKeyId": ..., "SecretAccessKey": ...,
/// "AccountId": ..., "UserName": ..., "SessionToken": ...}]}</c>, the members the inline
/// <c>Auth:Credentials</c> list has, so a credential can move between the two unchanged.
/// </summary>
internal static class CredentialsFile
{
    /// <summary>The credentials in the file, or why it cannot be used (one line, never quoting a value from it).</summary>
    public static (IReadOnlyList<AuthCredential> Credentials, string? Problem) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ([], $"cannot be read: {e.Message.Split('\n')[0].TrimEnd('\r', '.')}");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Credentials", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                return ([], "is not a credentials file: expected a JSON object with a \"Credentials\" array");
            }

            var credentials = new List<AuthCredential>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return ([], $"is not a credentials file: Credentials[{index}] is not a JSON object");
                }

                credentials.Add(new AuthCredential
                {
                    AccessKeyId = Text(item, nameof(AuthCredential.AccessKeyId), index),
                    SecretAccessKey = Text(item, nameof(AuthCredential.SecretAccessKey), index),
                    AccountId = Text(item, nameof(AuthCredential.AccountId), index),
                    UserName = Text(item, nameof(AuthCredential.UserName), index),
                    SessionToken = item.TryGetProperty(nameof(AuthCredential.SessionToken), out var token) && token.ValueKind != JsonValueKind.Null
                        ? Text(item, nameof(AuthCredential.SessionToken), index)
                        : null,
                });
                index++;
            }

            return (credentials, null);
        }
        catch (JsonException e)
        {
            // The parser's message names a line and position, not the text there (which may be a secret).
            return ([], $"is not valid JSON: {e.Message.Split('\n')[0].TrimEnd('\r', '.')}");
        }
    }

    private static string Text(JsonElement item, string member, int index)
    {
        if (!item.TryGetProperty(member, out var value))
        {
            return "";
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"Credentials[{index}].{member} is not a JSON string.");
    }
}
