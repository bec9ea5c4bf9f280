using AppFlowLocal.Tests.Infrastructure;
using Functions = AppFlowLocal.Tests.Infrastructure.LambdaStandInHost.Functions;

namespace AppFlowLocal.Tests.Integration;

/// <summary>Every way a connector's function can fail reaches the caller as the error SPEC.md names, and creates nothing.</summary>
public abstract class ConnectorFailureTests(ServerFixture fixture)
{
    public static TheoryData<string, string, int, string> Failures() => new()
    {
        { Functions.Missing, "ResourceNotFoundException", 404, Functions.Missing },
        { Functions.Throws, "ConnectorServerException", 400, "Exception while processing the request" },
        { Functions.InvalidCredentials, "ConnectorAuthenticationException", 401, "InvalidCredentials" },
        { Functions.OtherError, "ConnectorServerException", 400, "ServerError" },
        { Functions.Slow, "ConnectorServerException", 400, "timed out" },
        { Functions.InvalidConfiguration, "ConnectorServerException", 400, "failed to satisfy constraint" },
        { Functions.NotJson, "ConnectorServerException", 400, Functions.NotJson },
        { Functions.Throttled, "ThrottlingException", 429, Functions.Throttled },
        { Functions.Denied, "AccessDeniedException", 403, Functions.Denied },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_function_is_reported_and_registers_nothing(string function, string code, int status, string mentioned)
    {
        var caller = fixture.NewCaller();
        var response = (await caller.RegisterAsync("failing", fixture.StandIn.Arn(function))).AssertError(code, status);
        Assert.Contains(mentioned, response.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', response.ErrorMessage);
        (await caller.DescribeAsync("failing")).AssertError("ResourceNotFoundException", 404);
    }

    [Fact]
    public async Task A_function_error_carries_the_error_type_and_message()
    {
        var response = (await fixture.NewCaller().RegisterAsync("throws", fixture.StandIn.Arn(Functions.Throws))).AssertError("ConnectorServerException", 400);
        Assert.Contains("RuntimeError", response.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(fixture.StandIn.Arn(Functions.Throws), response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_Lambda_endpoint_is_a_ConnectorServerException()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var server = await AppFlowServer.StartAsync(fixture.Directory,
            [.. fixture.UsesPostgres ? fixture.StorageArguments : [$"--Storage:ConnectionString=Data Source={Path.Combine(fixture.Directory, "unreachable.db")}"],
                $"--Lambda:Endpoint=http://127.0.0.1:{port}"]);
        using var client = server.CreateClient();
        var response = (await AppFlowCaller.InFreshAccount(client).RegisterAsync("nowhere", fixture.StandIn.Arn(Functions.SamplePython)))
            .AssertError("ConnectorServerException", 400);
        Assert.Contains($"127.0.0.1:{port}", response.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture) : ConnectorFailureTests(fixture), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture) : ConnectorFailureTests(fixture), IClassFixture<ServerFixture.OnPostgres>;
}
