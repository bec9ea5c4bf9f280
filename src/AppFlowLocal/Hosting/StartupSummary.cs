using System.Data.Common;
using AppFlowLocal.Connectors;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Hosting;

/// <summary>
/// What a person starting the server needs to know beyond where it listens: which database it uses,
/// where connector invocations go and whether they are signed, and which settings it ignored
/// (a misspelt key would otherwise silently leave a default in place). Never a secret.
/// </summary>
internal static partial class StartupSummary
{
    public static void Log(IServiceProvider services, IConfiguration configuration)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AppFlowLocal");
        LogStorage(logger, Storage(services.GetRequiredService<IOptions<StorageOptions>>().Value));

        var lambda = services.GetRequiredService<IOptions<LambdaOptions>>().Value;
        var credentials = AwsCredentials.Resolve(lambda, Environment.GetEnvironmentVariable);
        LogLambda(logger,
            lambda.EndpointUri is { } endpoint ? WithoutUserInfo(endpoint) : "the AWS Lambda endpoint of each function's region",
            credentials is null ? "unsigned (no Lambda:AccessKeyId or AWS_ACCESS_KEY_ID)" : $"SigV4-signed with access key {credentials.AccessKeyId}",
            lambda.Timeout.TotalSeconds);
        foreach (var binding in lambda.Bindings.All)
        {
            LogBinding(logger, binding.Key, binding.Endpoint is { } uri ? WithoutUserInfo(uri) : binding.Target);
        }

        foreach (var unknown in UnknownSettings(configuration, services.GetServices<SettingsSection>()))
        {
            LogUnknownSetting(logger, unknown);
        }
    }

    /// <summary>Keys inside our sections that no setting has: "Lambda:Endpiont is not a setting ... (did you mean Lambda:Endpoint?)".</summary>
    public static IEnumerable<string> UnknownSettings(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        foreach (var section in sections)
        {
            var names = section.OptionsType.GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();
            foreach (var child in configuration.GetSection(section.Name).GetChildren())
            {
                if (names.Contains(child.Key, StringComparer.OrdinalIgnoreCase) || IsDeclaredElsewhere(section.Name, child.Key))
                {
                    continue;
                }

                var closest = names.MinBy(name => Distance(name.ToUpperInvariant(), child.Key.ToUpperInvariant()));
                yield return closest is not null && Distance(closest.ToUpperInvariant(), child.Key.ToUpperInvariant()) <= 3
                    ? $"{section.Name}:{child.Key} is not a setting of this server and is ignored (did you mean {section.Name}:{closest}?)"
                    : $"{section.Name}:{child.Key} is not a setting of this server and is ignored";
            }
        }
    }

    // Lambda:Functions is read from the raw configuration, not bound (its keys are ARNs); Auth:FailedAttempts is a section of its own.
    private static bool IsDeclaredElsewhere(string section, string key) =>
        (section == LambdaOptions.SectionName && key.Equals("Functions", StringComparison.OrdinalIgnoreCase))
        || (section == Wire.AuthOptions.Section && key.Equals("FailedAttempts", StringComparison.OrdinalIgnoreCase));

    private static string Storage(StorageOptions options)
    {
        if (options.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var configured = options.ConnectionString;
            var builder = new DbConnectionStringBuilder { ConnectionString = configured.Contains('=', StringComparison.Ordinal) ? configured : $"Data Source={configured}" };
            return builder.TryGetValue("Data Source", out var source) && source is string path
                ? $"SQLite database {Path.GetFullPath(path)}"
                : "SQLite database";
        }

        // A server database's connection string holds a password: name only where it is.
        var parts = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        string Part(string key) => parts.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";
        return $"{options.Provider} database {Part("Database")} on {Part("Host")}{(Part("Port") is { Length: > 0 } port ? ":" + port : "")}";
    }

    private static string WithoutUserInfo(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.ToString() : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage: {Storage}")]
    private static partial void LogStorage(ILogger logger, string storage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda: connector functions are invoked at {Endpoint}, {Signing}, with a {Seconds} s timeout")]
    private static partial void LogLambda(ILogger logger, string endpoint, string signing, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda: function {Function} is bound to {Target}")]
    private static partial void LogBinding(ILogger logger, string function, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogUnknownSetting(ILogger logger, string problem);
}
