using AppFlowLocal.Connectors;
using Microsoft.Extensions.Configuration;

namespace AppFlowLocal.Tests.Connectors;

public sealed class FunctionBindingsTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:crm";

    private static FunctionBindings Read(params (string Key, string Value)[] settings) =>
        FunctionBindings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Lambda:Functions:{s.Key}", s.Value)))
            .Build());

    private static string? Target(FunctionBindings bindings, string arn)
    {
        Assert.True(LambdaFunctionArn.TryParse(arn, out var function));
        return bindings.For(function)?.Target;
    }

    [Fact]
    public void A_key_full_of_colons_is_read_as_one_ARN_not_as_nested_sections()
    {
        var bindings = Read((Arn, "cmd:python3 crm.py"));

        Assert.Empty(bindings.Problems);
        Assert.Equal("cmd:python3 crm.py", Target(bindings, Arn));
    }

    [Theory]
    [InlineData(Arn + ":prod", "arn-prod")]
    [InlineData(Arn + ":dev", "arn")]
    [InlineData(Arn, "arn")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:crm:prod", "name-prod")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:crm", "name")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:crm:dev", "name")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:other", null)]
    public void The_most_specific_binding_wins(string invoked, string? expected)
    {
        var bindings = Read(
            ("crm", "cmd:name"),
            ("crm:prod", "cmd:name-prod"),
            (Arn, "cmd:arn"),
            (Arn + ":prod", "cmd:arn-prod"));

        Assert.Equal(expected is null ? null : "cmd:" + expected, Target(bindings, invoked));
    }

    [Fact]
    public void An_http_target_is_an_endpoint()
    {
        var binding = Read(("crm", "https://connectors.example.com/lambda")).All.Single();

        Assert.Equal(new Uri("https://connectors.example.com/lambda"), binding.Endpoint);
        Assert.Null(binding.Command);
    }

    [Theory]
    [InlineData("crm", "ftp://example.com", "Lambda:Functions:crm: 'ftp://example.com' is not a binding target")]
    [InlineData("crm", "cmd:   ", "Lambda:Functions:crm: 'cmd:   ' is not a binding target")]
    [InlineData("crm", "python3 crm.py", "Lambda:Functions:crm: 'python3 crm.py' is not a binding target")]
    [InlineData("my connector", "cmd:x", "Lambda:Functions:my connector: 'my connector' is not a Lambda function name or ARN")]
    [InlineData("arn:aws:s3:::bucket", "cmd:x", "Lambda:Functions:arn:aws:s3:::bucket: 'arn:aws:s3:::bucket' is not a Lambda function name or ARN")]
    [InlineData("a:b:c", "cmd:x", "Lambda:Functions:a:b:c: 'a:b:c' is not a Lambda function name or ARN")]
    public void A_setting_that_is_not_a_binding_is_a_problem_naming_it(string key, string value, string problem)
    {
        var bindings = Read((key, value));

        Assert.Empty(bindings.All);
        Assert.StartsWith(problem, Assert.Single(bindings.Problems), StringComparison.Ordinal);
    }
}
