using AppFlowLocal.Model;
using AppFlowLocal.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Wire;

public sealed class CallerResolverTests
{
    private static readonly CallerResolver Resolver = new(Options.Create(new IdentityOptions()));

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }

    [Fact]
    public void A_twelve_digit_access_key_is_the_account_and_the_scope_gives_the_region()
    {
        var caller = Resolver.Resolve(Request("AWS4-HMAC-SHA256 Credential=123456789012/20261123/eu-central-1/appflow/aws4_request, SignedHeaders=host, Signature=ab"));
        Assert.Equal(("123456789012", "eu-central-1", "arn:aws:iam::123456789012:root"), (caller.Account, caller.Region, caller.Arn));
    }

    [Fact]
    public void Any_other_access_key_maps_to_the_default_account()
    {
        var caller = Resolver.Resolve(Request("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261123/us-west-2/appflow/aws4_request, SignedHeaders=host, Signature=ab"));
        Assert.Equal(("000000000000", "us-west-2"), (caller.Account, caller.Region));
    }

    [Fact]
    public void No_authorization_means_the_default_account_and_region()
    {
        var caller = Resolver.Resolve(Request(null));
        Assert.Equal(("000000000000", "us-east-1"), (caller.Account, caller.Region));
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab")]
    [InlineData("AWS4-HMAC-SHA256 Credential=abc/20261123/us-east-1, Signature=ab")]
    public void A_header_that_is_not_SigV4_is_access_denied(string header)
    {
        var error = Assert.Throws<AppFlowException>(() => Resolver.Resolve(Request(header)));
        Assert.Equal(AwsErrorCode.AccessDeniedException, error.Code);
    }
}
