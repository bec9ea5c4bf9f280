using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// Encrypts secret values (AES-256-GCM) before they reach the database, bound to the secret's ARN so a
/// sealed value copied onto another secret's row does not open. The key comes from Secrets:Key, else
/// from a key file generated on first use and readable by its owner only.
/// </summary>
internal sealed class SecretSealer(IOptions<SecretsOptions> secrets, IOptions<StorageOptions> storage)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Lazy<byte[]> key = new(() => LoadKey(secrets.Value, storage.Value));

    public byte[] Seal(string secretArn, string plaintext)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[NonceSize + TagSize + clear.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Value, TagSize);
        aes.Encrypt(nonce, clear, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(secretArn));
        return sealedValue;
    }

    /// <summary>
    /// A key of its own for <paramref name="purpose"/>, derived from the secrets key (HKDF-SHA256): what it
    /// protects is then as safe as the sealed values, and the sealing key itself is used for sealing only.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Value, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    /// <exception cref="CryptographicException">The value was sealed with another key or for another secret.</exception>
    public string Open(string secretArn, byte[] sealedValue)
    {
        var clear = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key.Value, TagSize);
        aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), clear,
            Encoding.UTF8.GetBytes(secretArn));
        return Encoding.UTF8.GetString(clear);
    }

    internal static string DefaultKeyFile(StorageOptions storage)
    {
        if (StorageOptions.IsPostgres(storage.Provider))
        {
            return "appflow-local.secrets.key";
        }

        var configured = storage.ConnectionString;
        var dataSource = new SqliteConnectionStringBuilder(configured.Contains('=', StringComparison.Ordinal) ? configured : $"Data Source={configured}").DataSource;
        return dataSource + ".secrets.key";
    }

    private static byte[] LoadKey(SecretsOptions secrets, StorageOptions storage)
    {
        if (secrets.Key is { } configured)
        {
            return Convert.FromBase64String(configured);
        }

        var path = secrets.KeyFile ?? DefaultKeyFile(storage);
        try
        {
            // CreateNew: of two nodes generating at once, one writes and both read what it wrote.
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new StreamWriter(path, Encoding.ASCII, options))
            {
                file.Write(generated);
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Generated before: use it.
        }

        var text = File.ReadAllText(path).Trim();
        var bytes = Convert.FromBase64String(text);
        return bytes.Length == 32
            ? bytes
            : throw new InvalidOperationException($"The secrets key file {path} does not hold 32 bytes in base64.");
    }
}
