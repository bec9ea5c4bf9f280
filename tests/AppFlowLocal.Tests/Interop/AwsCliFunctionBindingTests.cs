namespace AppFlowLocal.Tests.Interop;

/// <summary>A server with one function bound to a local Python script that raises.</summary>
public sealed class RaisingCommandInteropFixture : InteropFixture
{
    internal string Script => Path.Combine(Directory, "raises.py");

    protected override IEnumerable<string> Settings => [$"--Lambda:Functions:raises=cmd:python3 {Script}"];

    internal override Task BeforeServerStartsAsync() => File.WriteAllTextAsync(Script, """
        import json, sys
        def describe(event):
            settings = event["connectorRuntimeSettings"]
            return settings
        describe(json.load(sys.stdin))
        """);
}

/// <summary>What a connector author sees in the aws CLI when a locally bound function raises: the traceback's last lines.</summary>
public sealed class AwsCliFunctionBindingTests(RaisingCommandInteropFixture fixture) : IClassFixture<RaisingCommandInteropFixture>
{
    [Fact]
    public async Task The_CLI_shows_a_local_functions_traceback_in_the_ConnectorServerException()
    {
        var caller = fixture.NewCaller();
        var result = await AwsCli.AppFlowAsync(fixture, caller.Account,
            "register-connector", "--connector-label", "raises", "--connector-provisioning-type", "LAMBDA",
            "--connector-provisioning-config", "lambda={lambdaArn=arn:aws:lambda:us-east-1:123456789012:function:raises}");

        var message = result.AssertError("ConnectorServerException", "RegisterConnector", "a raising cmd: function");
        foreach (var line in new[] { "Traceback (most recent call last):", $"File \"{fixture.Script}\", line 3, in describe", "KeyError: 'connectorRuntimeSettings'" })
        {
            Assert.True(message.Contains(line, StringComparison.Ordinal), $"'{line}' is not in the CLI's message: {message}");
        }
    }
}
