using System.Net;
using System.Net.Sockets;
using AppFlowLocal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The real server refusing to start: each problem is one line "AppFlow Local cannot start: &lt;setting or
/// file&gt;: &lt;problem&gt;" on stderr, nothing on stdout (no logger output about it), no stack trace, exit code 2,
/// and a database it refuses is left exactly as it was.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private const string Prefix = "AppFlow Local cannot start: ";

    private readonly string directory = Directory.CreateTempSubdirectory("appflow-local-startup-").FullName;

    private string Database => Path.Combine(directory, "registry.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Values_that_cannot_bind_are_each_named_quoted_and_explained()
    {
        var lines = await RefusedAsync(
            "--Lambda:Timeout=banana",
            "--Registry:MaxConnectorsPerAccount=abc",
            "--Registry:IdempotencyLifetime=",
            "--urls", "banana");

        Assert.Equal(
        [
            Prefix + "Registry:MaxConnectorsPerAccount: 'abc' is not a whole number from -2147483648 to 2147483647, such as 100",
            Prefix + "Registry:IdempotencyLifetime: '' is not a duration such as 30s, 5m, 500ms, 2h or 00:00:30",
            Prefix + "Lambda:Timeout: 'banana' is not a duration such as 30s, 5m, 500ms, 2h or 00:00:30",
            Prefix + "--urls: 'banana' is not an address to listen on, such as http://127.0.0.1:4567",
        ], lines);
        Assert.False(File.Exists(Database), "The database must not be touched before the settings are known to be good.");
    }

    [Fact]
    public async Task A_secrets_key_that_is_not_32_bytes_in_base64_is_refused()
    {
        var lines = await RefusedAsync("--Secrets:Key=too-short");

        Assert.Equal(
            [Prefix + "Secrets:Key: 'too-short' is not a key: expected 32 bytes in base64 (44 characters), e.g. from openssl rand -base64 32"],
            lines);
    }

    [Fact]
    public async Task Values_that_fail_validation_are_each_reported_in_the_same_form()
    {
        var lines = await RefusedAsync(
            "--Registry:MaxConnectorsPerAccount=0",
            "--Registry:MaxConnectorProfilesPerAccount=1000001",
            "--Identity:DefaultAccount=12",
            "--Identity:DefaultRegion=us:east",
            "--Lambda:Endpoint=not a url",
            "--Lambda:Timeout=50.00:00:00");

        Assert.Equal(
        [
            Prefix + "Identity:DefaultAccount: '12' is not a 12-digit AWS account id, such as 000000000000",
            Prefix + "Identity:DefaultRegion: 'us:east' is not an AWS region name, such as us-east-1",
            Prefix + "Registry:MaxConnectorsPerAccount: '0' is not between 1 and 1000000",
            Prefix + "Registry:MaxConnectorProfilesPerAccount: '1000001' is not between 1 and 1000000",
            Prefix + "Lambda:Endpoint: 'not a url' is not an absolute http or https URL, such as http://127.0.0.1:4568",
            Prefix + "Lambda:Timeout: '50.00:00:00' is longer than 00:15:00, the longest a Lambda function can run",
        ], lines);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("31.00:00:00")]
    public async Task A_console_session_lifetime_must_be_between_a_minute_and_thirty_days(string lifetime)
    {
        var lines = await RefusedAsync($"--Console:SessionLifetime={lifetime}");

        Assert.Equal([Prefix + $"Console:SessionLifetime: '{(lifetime == "30s" ? "00:00:30" : lifetime)}' is not between 00:01:00 and 30.00:00:00"], lines);
    }

    [Fact]
    public async Task Failure_budgets_and_the_per_key_login_limit_must_be_positive()
    {
        var lines = await RefusedAsync("--Auth:FailedAttempts:PerSource=0", "--Auth:FailedAttempts:RefillPerMinute=0", "--Console:SessionsPerAccessKey=0");

        string[] expected =
        [
            Prefix + "Auth:FailedAttempts:PerSource: '0' is not between 1 and 1000000",
            Prefix + "Auth:FailedAttempts:RefillPerMinute: '0' is not between 0.000001 and 1000000",
            Prefix + "Console:SessionsPerAccessKey: '0' is not between 1 and 10000",
        ];
        Assert.Equal(expected, lines.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("US-EAST-1")]
    [InlineData("us-east")]
    [InlineData("east-1")]
    [InlineData("us-east-1-")]
    public async Task A_default_region_must_look_like_an_AWS_region(string region)
    {
        var lines = await RefusedAsync($"--Identity:DefaultRegion={region}");

        Assert.Equal([Prefix + $"Identity:DefaultRegion: '{region}' is not an AWS region name, such as us-east-1"], lines);
    }

    [Fact]
    public async Task Throttling_settings_must_be_non_negative_numbers()
    {
        var lines = await RefusedAsync("--Throttling:RequestsPerSecond=-1", "--Throttling:Burst=many");

        Assert.Equal(
        [
            Prefix + "Throttling:Burst: 'many' is not a whole number from -2147483648 to 2147483647",
        ], lines);

        lines = await RefusedAsync("--Throttling:RequestsPerSecond=-1", "--Throttling:Burst=-5");

        Assert.Equal(
        [
            Prefix + "Throttling:RequestsPerSecond: '-1' is not between 0 and 1000000",
            Prefix + "Throttling:Burst: '-5' is not between 0 and 1000000",
        ], lines);
    }

    [Fact]
    public async Task A_function_binding_that_is_not_one_is_refused()
    {
        var lines = await RefusedAsync("--Lambda:Functions:crm=ftp://example.com", "--Lambda:FunctionEnvironment:1BAD=x");

        Assert.Equal(
        [
            Prefix + "Lambda:Functions:crm: 'ftp://example.com' is not a binding target: expected an http:// or https:// Lambda Invoke endpoint (http://127.0.0.1:4569) or cmd:<command line> (cmd:python3 handler.py)",
            Prefix + "Lambda:FunctionEnvironment:1BAD: '1BAD' is not an environment variable name (letters, digits and '_', not starting with a digit)",
        ], lines);
    }

    [Fact]
    public async Task A_duration_without_a_unit_is_refused_rather_than_read_as_days()
    {
        var lines = await RefusedAsync("--Lambda:Timeout=5", "--Registry:IdempotencyLifetime=2.5");

        Assert.Equal(
        [
            Prefix + "Registry:IdempotencyLifetime: '2.5' has no unit: write 2.5s for seconds, 2.5m for minutes, or hh:mm:ss",
            Prefix + "Lambda:Timeout: '5' has no unit: write 5s for seconds, 5m for minutes, or hh:mm:ss",
        ], lines);
    }

    [Fact]
    public async Task Help_prints_usage_and_starts_nothing()
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var result = await AppFlowServer.RunToExitAsync(directory, [flag]);

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("AppFlow Local: Amazon AppFlow's custom-connector registration API", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("--Lambda:Functions:<function>=<target>", result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", result.StandardOutput, StringComparison.Ordinal);
            Assert.False(File.Exists(Database), "--help must not create a database.");
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_SQLite_database_is_refused_and_left_untouched()
    {
        var content = "2026-11-23 12:00:00 this is a log file, not a database\n"u8.ToArray();
        await File.WriteAllBytesAsync(Database, content);

        var lines = await RefusedAsync();

        Assert.Equal([Prefix + $"{Database}: is not a SQLite database (it does not start with a SQLite 3 header); it was left untouched"], lines);
        AssertUntouched(content);
    }

    [Fact]
    public async Task A_damaged_SQLite_database_is_refused_and_left_untouched()
    {
        CreateDatabase("PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        var content = await File.ReadAllBytesAsync(Database);
        new Random(11).NextBytes(content.AsSpan(100)); // keeps the 100-byte header, destroys the pages
        await File.WriteAllBytesAsync(Database, content);

        var lines = await RefusedAsync();

        Assert.Single(lines);
        Assert.StartsWith(Prefix + $"{Database}: is damaged (SQLite Error ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("); it was left untouched", lines[0], StringComparison.Ordinal);
        AssertUntouched(content);
    }

    [Fact]
    public async Task Another_applications_SQLite_database_is_refused_and_left_untouched()
    {
        CreateDatabase("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);");
        var content = await File.ReadAllBytesAsync(Database);

        var lines = await RefusedAsync();

        Assert.Equal([Prefix + $"{Database}: is another application's SQLite database (it has tables but no AppFlow Local schema version); it was left untouched"], lines);
        AssertUntouched(content);
    }

    [Theory]
    [InlineData("WAL")]
    [InlineData("DELETE")]
    public async Task A_database_from_a_newer_server_is_refused_and_left_untouched(string journalMode)
    {
        CreateDatabase($"PRAGMA journal_mode={journalMode}; CREATE TABLE later_things (x); PRAGMA user_version=99;");
        var content = await File.ReadAllBytesAsync(Database);

        var lines = await RefusedAsync();

        Assert.Single(lines);
        Assert.StartsWith(Prefix + $"{Database}: holds schema version 99, newer than this server's ", lines[0], StringComparison.Ordinal);
        AssertUntouched(content);
    }

    [Fact]
    public async Task A_database_path_under_a_regular_file_is_refused()
    {
        var file = Path.Combine(directory, "a-file");
        await File.WriteAllTextAsync(file, "x");
        var database = Path.Combine(file, "registry.db");

        var lines = await RefusedAsync($"--Storage:ConnectionString=Data Source={database}");

        Assert.Single(lines);
        Assert.StartsWith(Prefix + $"{database}: its folder cannot be created: ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_path_where_no_file_can_be_created_is_refused()
    {
        // sysfs takes no new files, not even from root (the tests run as root, so permissions prove nothing).
        const string database = "/sys/appflow-local.db";

        var lines = await RefusedAsync($"--Storage:ConnectionString={database}");

        Assert.Single(lines);
        Assert.StartsWith(Prefix + $"{database}: cannot be created: ", lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(database));
    }

    [Fact]
    public async Task A_folder_given_as_the_database_is_refused()
    {
        var lines = await RefusedAsync($"--Storage:ConnectionString={directory}");

        Assert.Equal([Prefix + $"{directory}: is a folder, not a database file"], lines);
    }

    [Fact]
    public async Task A_connection_string_with_an_unknown_keyword_is_refused()
    {
        var lines = await RefusedAsync($"--Storage:ConnectionString=Data Source={Database};Colour=blue");

        Assert.Single(lines);
        Assert.StartsWith(Prefix + "Storage:ConnectionString: is not a connection string this server can use: ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_already_in_use_is_refused_without_the_host_logging_a_stack_trace()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var lines = await RefusedAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal([Prefix + $"--urls: Failed to bind to address http://127.0.0.1:{port}: address already in use"], lines);
    }

    [Theory]
    [InlineData("http://127.0.0.1:99999", "has port 99999, which is not from 0 to 65535")]
    [InlineData("ftp://127.0.0.1:4567", "is not an http:// address, such as http://127.0.0.1:4567")]
    [InlineData("https://127.0.0.1:0", "is not an http:// address, such as http://127.0.0.1:4567")]
    [InlineData("http://256.1.1.1:4567", "has host '256.1.1.1', which is not an IP address, localhost or *; Kestrel would listen on every interface")]
    public async Task An_address_that_cannot_be_listened_on_as_meant_is_refused(string urls, string problem)
    {
        var lines = await RefusedAsync("--urls", urls);

        Assert.Equal([Prefix + $"--urls: '{urls}' {problem}"], lines);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://127.0.0.1:0;http://192.168.1.20:0")]
    public async Task Open_mode_reachable_from_other_machines_is_refused_naming_the_way_out(string urls)
    {
        var exposed = string.Join(';', urls.Split(';').Where(address => !address.Contains("127.0.0.1", StringComparison.Ordinal)));

        var lines = await RefusedAsync("--urls", urls);

        Assert.Equal([Prefix + $"--urls: '{exposed}' is reachable from other machines, and Auth:Mode is open, which lets anyone act as any account; "
            + "set Auth:Mode=sigv4 with credentials, or Auth:AllowOpenOnNetwork=true to serve open mode anyway"], lines);
    }

    [Fact]
    public async Task Auth_settings_that_cannot_work_are_each_refused_without_quoting_a_secret()
    {
        const string Secret = "do-not-print-this-secret";
        var lines = await RefusedAsync(
            "--Auth:Mode=sigv4",
            "--Auth:Credentials:0:AccessKeyId=AKIAONE", $"--Auth:Credentials:0:SecretAccessKey={Secret}",
            "--Auth:Credentials:0:AccountId=12345", "--Auth:Credentials:0:UserName=one",
            "--Auth:Credentials:1:AccessKeyId=AKIAONE", $"--Auth:Credentials:1:SecretAccessKey={Secret}",
            "--Auth:Credentials:1:AccountId=123456789012", "--Auth:Credentials:1:UserName=one again",
            "--Auth:Credentials:2:AccessKeyId=AKIATWO", "--Auth:Credentials:2:AccountId=123456789012", "--Auth:Credentials:2:UserName=two");

        Assert.Equal(
        [
            Prefix + "Auth:Credentials:0:AccountId: '12345' is not a 12-digit AWS account id, such as 111122223333",
            Prefix + "Auth:Credentials:1:UserName: 'one again' is not an IAM user name: 1 to 64 letters, digits and +=,.@_-",
            Prefix + "Auth:Credentials:1: AccessKeyId 'AKIAONE' is configured more than once; each access key belongs to one caller",
            Prefix + "Auth:Credentials:2:SecretAccessKey: is missing",
        ], lines);
    }

    [Theory]
    [InlineData("--Auth:Mode=sigv4", "Auth:Mode: sigv4 needs at least one credential, in Auth:Credentials or in the file Auth:CredentialsFile names")]
    [InlineData("--Auth:Mode=closed", "Auth:Mode: 'closed' is neither open nor sigv4")]
    public async Task A_mode_that_cannot_work_is_refused(string setting, string problem)
    {
        Assert.Equal([Prefix + problem], await RefusedAsync(setting));
    }

    [Theory]
    [InlineData(null, "cannot be read: Could not find file '{0}'")]
    [InlineData("{\"Credentials\": [ {\"AccessKeyId\": \"AKIAFILE\", \"SecretAccessKey\": \"do-not-print-this-secret\" ", "is not valid JSON: ")]
    [InlineData("[]", "is not a credentials file: expected a JSON object with a \"Credentials\" array")]
    [InlineData("{\"Credentials\": [ {\"AccessKeyId\": \"AKIAFILE\", \"SecretAccessKey\": 7} ]}", "is not valid JSON: Credentials[0].SecretAccessKey is not a JSON string")]
    public async Task A_credentials_file_that_cannot_be_used_is_refused(string? content, string problem)
    {
        var file = Path.Combine(directory, "credentials.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content);
        }

        var lines = await RefusedAsync("--Auth:Mode=sigv4", $"--Auth:CredentialsFile={file}");

        var line = Assert.Single(lines);
        Assert.StartsWith(Prefix + $"Auth:CredentialsFile: '{file}' " + string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, file), line, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print-this-secret", line, StringComparison.Ordinal);
    }

    /// <summary>Runs the server over this class's database; asserts a clean refusal and returns stderr's lines.</summary>
    private async Task<string[]> RefusedAsync(params string[] arguments)
    {
        var result = await AppFlowServer.RunToExitAsync(directory, [$"--Storage:ConnectionString=Data Source={Database}", .. arguments]);
        var everything = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{everything}");
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", everything, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        return result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private void CreateDatabase(string sql)
    {
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        Assert.False(File.Exists(Database + "-wal"), "The last connection's close checkpoints and removes the WAL.");
    }

    private void AssertUntouched(byte[] content)
    {
        Assert.Equal(content, File.ReadAllBytes(Database));
        Assert.Equal(["registry.db"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
