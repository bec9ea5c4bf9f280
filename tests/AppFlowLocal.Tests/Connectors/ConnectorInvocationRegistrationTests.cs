using AppFlowLocal.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Connectors;

public sealed class ConnectorInvocationRegistrationTests
{
    [Fact]
    public void AddConnectorInvocation_registers_the_LambdaInvoker_with_the_Lambda_section()
    {
        using var services = Services(new()
        {
            ["Lambda:Endpoint"] = "http://127.0.0.1:4568",
            ["Lambda:Timeout"] = "00:00:02.5",
            ["Lambda:AccessKeyId"] = "AKIDEXAMPLE",
            ["Lambda:SecretAccessKey"] = "secret",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<LambdaInvoker>(services.GetRequiredService<IConnectorInvoker>());
        var options = services.GetRequiredService<IOptions<LambdaOptions>>().Value;
        Assert.Equal((new Uri("http://127.0.0.1:4568"), TimeSpan.FromSeconds(2.5)), (options.EndpointUri, options.Timeout));
    }

    [Fact]
    public void Defaults_are_the_regional_endpoint_and_ten_seconds()
    {
        using var services = Services([]);

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<LambdaOptions>>().Value;
        Assert.Null(options.EndpointUri);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Theory]
    [InlineData("Lambda:Endpoint", "localhost:4568", "Lambda:Endpoint: 'localhost:4568' is not an absolute http or https URL, such as http://127.0.0.1:4568")]
    [InlineData("Lambda:Endpoint", "/relative", "Lambda:Endpoint: '/relative' is not an absolute http or https URL, such as http://127.0.0.1:4568")]
    [InlineData("Lambda:Timeout", "00:00:00", "Lambda:Timeout: '00:00:00' is not a positive time span, such as 00:00:10")]
    [InlineData("Lambda:Timeout", "-00:00:05", "Lambda:Timeout: '-00:00:05' is not a positive time span, such as 00:00:10")]
    [InlineData("Lambda:Timeout", "00:15:00.001", "Lambda:Timeout: '00:15:00.0010000' is longer than 00:15:00, the longest a Lambda function can run")]
    [InlineData("Lambda:Timeout", "50.00:00:00", "Lambda:Timeout: '50.00:00:00' is longer than 00:15:00, the longest a Lambda function can run")]
    [InlineData("Lambda:AccessKeyId", "AKIDEXAMPLE", "Lambda:SecretAccessKey: is missing; it is required when Lambda:AccessKeyId is set")]
    [InlineData("Lambda:SecretAccessKey", "secret", "Lambda:AccessKeyId: is missing; it is required when Lambda:SecretAccessKey is set")]
    [InlineData("Lambda:SessionToken", "token", "Lambda:SessionToken: is set without Lambda:AccessKeyId and Lambda:SecretAccessKey, and is only used with them")]
    public void Unusable_Lambda_settings_fail_at_start_up_with_a_clear_message(string key, string value, string message)
    {
        using var services = Services(new() { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, exception.Failures);
    }

    [Theory]
    [InlineData("arn:aws:lambda:eu-central-1:123456789012:function:f", "https://lambda.eu-central-1.amazonaws.com/")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f:live", "https://lambda.us-east-1.amazonaws.com/")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "https://lambda.cn-north-1.amazonaws.com.cn/")]
    public void Without_an_endpoint_the_function_region_endpoint_is_used(string arn, string endpoint)
    {
        Assert.True(LambdaFunctionArn.TryParse(arn, out var function));
        Assert.Equal(new Uri(endpoint), function.DefaultEndpoint);
    }

    [Fact]
    public void Configured_credentials_win_over_the_environment()
    {
        var environment = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "ENV", ["AWS_SECRET_ACCESS_KEY"] = "env-secret" };

        var configured = AwsCredentials.Resolve(new LambdaOptions { AccessKeyId = "CONFIG", SecretAccessKey = "config-secret" }, environment.GetValueOrDefault);
        var fromEnvironment = AwsCredentials.Resolve(new LambdaOptions { AccessKeyId = "" }, environment.GetValueOrDefault);
        var none = AwsCredentials.Resolve(new LambdaOptions(), _ => null);

        Assert.Equal(new AwsCredentials("CONFIG", "config-secret", null), configured);
        Assert.Equal(new AwsCredentials("ENV", "env-secret", null), fromEnvironment);
        Assert.Null(none);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddConnectorInvocation(configuration).BuildServiceProvider();
    }
}
