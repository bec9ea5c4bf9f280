using System.Net;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// <c>GET /_appflow-local/health</c> answers from a real query to storage: 200 with the provider and its
/// schema version while it answers, 503 with the reason as soon as it does not, and 200 again when it is back.
/// </summary>
public abstract class HealthTests(ServerFixture fixture)
{
    [Fact]
    public async Task Health_is_200_with_the_storage_provider_ready_at_the_servers_schema_version()
    {
        var (status, health, response) = await GetHealthAsync(fixture.Client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var storage = health.GetProperty("storage");
        Assert.Equal(fixture.UsesPostgres ? "postgres" : "sqlite", storage.GetProperty("provider").GetString());
        Assert.True(storage.GetProperty("ready").GetBoolean());
        Assert.True(storage.GetProperty("schemaVersion").GetInt64() > 0);
        Assert.False(storage.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Health_needs_no_credentials_and_no_AWS_error_shape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_appflow-local/health");
        request.Headers.TryAddWithoutValidation("Authorization", "not a signature");
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-amzn-ErrorType"));
    }

    [Fact]
    public async Task A_database_holding_another_schema_version_is_not_ready()
    {
        // What a node finds when a newer server has migrated the database under it.
        var bump = fixture.UsesPostgres ? "UPDATE schema_version SET version = version + 1;" : "PRAGMA user_version = 99;";
        var restore = fixture.UsesPostgres ? "UPDATE schema_version SET version = version - 1;" : null;
        var before = (await GetHealthAsync(fixture.Client)).Health.GetProperty("storage").GetProperty("schemaVersion").GetInt64();
        try
        {
            await fixture.ExecuteSqlAsync(bump);
            var (status, health, _) = await GetHealthAsync(fixture.Client);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("unavailable", health.GetProperty("status").GetString());
            Assert.False(health.GetProperty("storage").GetProperty("ready").GetBoolean());
            Assert.Contains($"this server needs {before}", health.GetProperty("storage").GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.ExecuteSqlAsync(restore ?? $"PRAGMA user_version = {before};");
        }

        Assert.Equal(HttpStatusCode.OK, (await GetHealthAsync(fixture.Client)).Status);
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Health, HttpResponseMessage Response)> GetHealthAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/_appflow-local/health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement, response);
    }

    private static double StorageErrors(PrometheusScrape scrape, string provider) =>
        scrape.Value("appflow_storage_errors_total", ("provider", provider));

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : HealthTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : HealthTests(fixture), IClassFixture<ServerFixture.OnPostgres>;

    /// <summary>The database file taken away under a running node (a server of its own: nothing else can use it after).</summary>
    public sealed class OnSqliteOutage(ServerFixture fixture) : IClassFixture<ServerFixture>
    {
        [Fact]
        public async Task Health_is_503_once_the_database_file_is_gone_and_the_failure_is_counted()
        {
            Assert.Equal(HttpStatusCode.OK, (await GetHealthAsync(fixture.Client)).Status);
            var before = await PrometheusScrape.TakeAsync(fixture.Client);

            foreach (var file in new[] { "", "-wal", "-shm" }.Select(suffix => fixture.DatabasePath + suffix))
            {
                File.Delete(file);
            }

            var (status, health, response) = await GetHealthAsync(fixture.Client);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.False(response.Headers.Contains("x-amzn-ErrorType"));
            Assert.Equal("sqlite", health.GetProperty("storage").GetProperty("provider").GetString());
            Assert.False(health.GetProperty("storage").GetProperty("ready").GetBoolean());
            Assert.False(string.IsNullOrEmpty(health.GetProperty("storage").GetProperty("error").GetString()));

            // Only the database's absence was reported: the probe did not create an empty file in its place.
            Assert.False(File.Exists(fixture.DatabasePath));
            var after = await PrometheusScrape.TakeAsync(fixture.Client);
            Assert.Equal(1, StorageErrors(after, "sqlite") - StorageErrors(before, "sqlite"));
            Assert.Equal(1, after.Value("appflow_requests_total", ("operation", "/_appflow-local/health"), ("outcome", "503"))
                - before.Value("appflow_requests_total", ("operation", "/_appflow-local/health"), ("outcome", "503")));
        }
    }

    /// <summary>The PostgreSQL server stopped and started under a running node.</summary>
    public sealed class OnPostgresOutage(OwnClusterFixture fixture) : IClassFixture<OwnClusterFixture>
    {
        [Fact]
        public async Task Health_is_503_while_the_database_is_stopped_and_200_when_it_is_back_and_failures_are_counted()
        {
            var cluster = fixture.Cluster!;
            Assert.Equal(HttpStatusCode.OK, (await GetHealthAsync(fixture.Client)).Status);
            var before = await PrometheusScrape.TakeAsync(fixture.Client);

            await cluster.StopServerAsync();
            try
            {
                var (status, health, _) = await GetHealthAsync(fixture.Client);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                Assert.Equal("unavailable", health.GetProperty("status").GetString());
                Assert.Equal("postgres", health.GetProperty("storage").GetProperty("provider").GetString());
                Assert.False(health.GetProperty("storage").GetProperty("ready").GetBoolean());
                Assert.False(string.IsNullOrEmpty(health.GetProperty("storage").GetProperty("error").GetString()));
                (await fixture.NewCaller().DescribeAsync("anything")).AssertError("InternalServerException", 500);
            }
            finally
            {
                await cluster.StartServerAsync();
            }

            Assert.Equal(HttpStatusCode.OK, (await GetHealthAsync(fixture.Client)).Status);
            var after = await PrometheusScrape.TakeAsync(fixture.Client);
            Assert.Equal(2, StorageErrors(after, "postgres") - StorageErrors(before, "postgres"));
        }
    }
}
