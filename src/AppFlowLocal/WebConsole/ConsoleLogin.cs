using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Wire;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// Checks what a person typed into the console's login form against the credentials <c>sigv4</c> mode
/// accepts for signed requests: the access key id, its secret, and for temporary credentials the session
/// token. Every configured credential is compared, each part in constant time over its SHA-256 (so neither
/// a part's length nor where a mismatch starts shows in the time taken), and the answer never says which
/// part was wrong.
/// </summary>
internal sealed class ConsoleLogin(ConfiguredCredentials credentials)
{
    public AuthCredential? Check(string accessKeyId, string secretAccessKey, string sessionToken)
    {
        var key = Digest(accessKeyId);
        var secret = Digest(secretAccessKey);
        var token = Digest(sessionToken);
        AuthCredential? match = null;
        foreach (var credential in credentials.All)
        {
            // & rather than &&: every part of every credential is compared, whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(key, Digest(credential.AccessKeyId))
                & CryptographicOperations.FixedTimeEquals(secret, Digest(credential.SecretAccessKey))
                & CryptographicOperations.FixedTimeEquals(token, Digest(credential.SessionToken ?? "")))
            {
                match = credential;
            }
        }

        return match;
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
