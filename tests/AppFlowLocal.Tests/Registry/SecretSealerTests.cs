using System.Security.Cryptography;
using System.Text;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Registry;

public sealed class SecretSealerTests : IDisposable
{
    private const string Arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow/p-AbCdEf";
    private const string Secret = """{"username":"ada","password":"pa55-w0rd"}""";

    private readonly string directory = Directory.CreateTempSubdirectory("appflow-local-sealer-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private SecretSealer Sealer(string? key = null) => new(
        Options.Create(new SecretsOptions { Key = key }),
        Options.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(directory, "registry.db")}" }));

    [Fact]
    public void A_sealed_secret_opens_for_its_own_ARN_and_does_not_hold_the_plaintext()
    {
        var sealer = Sealer();
        var sealedValue = sealer.Seal(Arn, Secret);

        Assert.Equal(Secret, sealer.Open(Arn, sealedValue));
        Assert.DoesNotContain("pa55-w0rd", Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => sealer.Open(Arn + "x", sealedValue));
    }

    [Fact]
    public void Without_a_configured_key_one_is_generated_beside_the_database_for_its_owner_only_and_used_again()
    {
        var sealedValue = Sealer().Seal(Arn, Secret);

        var keyFile = Path.Combine(directory, "registry.db.secrets.key");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Equal(Secret, Sealer().Open(Arn, sealedValue));
    }

    [Fact]
    public void A_configured_key_wins_and_another_key_does_not_open_the_secret()
    {
        var configured = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sealedValue = Sealer(configured).Seal(Arn, Secret);

        Assert.Equal(Secret, Sealer(configured).Open(Arn, sealedValue));
        Assert.False(File.Exists(Path.Combine(directory, "registry.db.secrets.key")));
        Assert.ThrowsAny<CryptographicException>(() => Sealer().Open(Arn, sealedValue));
    }
}
