using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// Opaque nextTokens. A token carries the last label of its page (keyset paging, so it stays correct
/// while connectors come and go) and a MAC over scope, operation and label, so a token the server did
/// not issue, or issued to another account or operation, is refused rather than trusted. A token can also be
/// bound to a context (what else the request named, such as the listing it continues): the MAC covers it, the
/// token does not carry it.
/// </summary>
internal static class PageTokens
{
    private const string Version = "v1";

    public static string Issue(byte[] secret, RegistryScope scope, string operation, string lastLabel, string? context = null)
    {
        var label = Base64Url(Encoding.UTF8.GetBytes(lastLabel));
        return $"{Version}.{label}.{Base64Url(Mac(secret, scope, operation, lastLabel, context))}";
    }

    /// <returns>The last label of the previous page.</returns>
    public static string Read(byte[] secret, RegistryScope scope, string operation, string token, string? context = null)
    {
        var parts = token.Split('.');
        if (parts.Length == 3 && parts[0] == Version
            && TryDecode(parts[1], out var labelBytes) && TryDecode(parts[2], out var mac))
        {
            var label = Encoding.UTF8.GetString(labelBytes);
            if (CryptographicOperations.FixedTimeEquals(mac, Mac(secret, scope, operation, label, context)))
            {
                return label;
            }
        }

        throw AppFlowException.Validation(
            [ConstraintValidator.Clause(QuotedValue.Quote(token), "nextToken", $"Member must be a nextToken returned by an earlier {operation} call of this account and region")]);
    }

    // A context enters as its hash, of fixed length, so no context and label can be shifted into another pair.
    private static byte[] Mac(byte[] secret, RegistryScope scope, string operation, string label, string? context) =>
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(context is null
            ? $"{scope.Account}\n{scope.Region}\n{operation}\n{label}"
            : $"{scope.Account}\n{scope.Region}\n{operation}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(context)))}\n{label}"));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
