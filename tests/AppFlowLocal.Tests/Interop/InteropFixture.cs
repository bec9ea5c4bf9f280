using System.Collections.Concurrent;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Interop;

/// <summary>
/// The server fixture for the interop tests: the callers are the real aws CLI, boto3 and JavaScript
/// SDK as processes, each in an account of its own and an environment where nothing of the
/// developer's or CI's AWS setup can reach them.
/// </summary>
public class InteropFixture : ServerFixture
{
    private readonly ConcurrentDictionary<string, Lazy<Task<JsonElement>>> runs = new();

    /// <summary>The endpoint as a user types it for --endpoint-url: no trailing slash, which botocore would keep in the path.</summary>
    internal string Endpoint => Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// The environment a client process runs with as the given account. The config and credentials
    /// files point at files that do not exist, so no profile, role or region of the machine applies.
    /// </summary>
    internal Dictionary<string, string> ClientEnvironment(string account) => new()
    {
        ["APPFLOW_ENDPOINT"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = account,
        ["AWS_SECRET_ACCESS_KEY"] = "interop-secret",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_CONFIG_FILE"] = Path.Combine(Directory, "no-such-aws-config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Directory, "no-such-aws-credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PAGER"] = "",
        // A proxy configured on the machine must not sit between the clients and the loopback server.
        ["NO_PROXY"] = "127.0.0.1,localhost",
        ["no_proxy"] = "127.0.0.1,localhost",
    };

    /// <summary>
    /// Runs <paramref name="run"/> once per key for the whole test class, so many theory cases can
    /// assert on one client process instead of starting one each.
    /// </summary>
    internal Task<JsonElement> OnceAsync(string key, Func<Task<JsonElement>> run) =>
        runs.GetOrAdd(key, _ => new Lazy<Task<JsonElement>>(run)).Value;

    /// <summary>The same fixture over PostgreSQL.</summary>
    public new sealed class OnPostgres : InteropFixture
    {
        internal override bool UsesPostgres => true;
    }
}
