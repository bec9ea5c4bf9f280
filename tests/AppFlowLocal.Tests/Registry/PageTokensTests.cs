using AppFlowLocal.Model;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Tests.Registry;

public sealed class PageTokensTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly RegistryScope Scope = new("123456789012", "us-east-1");

    [Fact]
    public void A_token_reads_back_the_label_it_was_issued_for()
    {
        var token = PageTokens.Issue(Secret, Scope, "ListConnectors", "label-7");
        Assert.Equal("label-7", PageTokens.Read(Secret, Scope, "ListConnectors", token));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("v1.bGFiZWw.AAAA")]
    [InlineData("v1.!!!.!!!")]
    public void A_token_the_server_did_not_issue_is_a_validation_error(string token)
    {
        var error = Assert.Throws<AppFlowException>(() => PageTokens.Read(Secret, Scope, "ListConnectors", token));
        Assert.Equal(AwsErrorCode.ValidationException, error.Code);
        Assert.Contains("at 'nextToken'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_does_not_cross_accounts_or_operations()
    {
        var token = PageTokens.Issue(Secret, Scope, "ListConnectors", "a");
        Assert.Throws<AppFlowException>(() => PageTokens.Read(Secret, Scope with { Account = "210987654321" }, "ListConnectors", token));
        Assert.Throws<AppFlowException>(() => PageTokens.Read(Secret, Scope, "DescribeConnectors", token));
        Assert.Throws<AppFlowException>(() => PageTokens.Read([.. Secret.Reverse()], Scope, "ListConnectors", token));
    }
}
