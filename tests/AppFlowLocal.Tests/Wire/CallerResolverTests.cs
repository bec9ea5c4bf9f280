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
    public void A_presigned_urls_credential_names_the_account_and_region_as_the_header_does()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=444455556666%2F20261123%2Feu-west-1%2Fappflow%2Faws4_request"
            + "&X-Amz-Date=20261123T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=ab");

        var caller = Resolver.Resolve(context.Request);

        Assert.Equal(("444455556666", "eu-west-1", "arn:aws:iam::444455556666:root"), (caller.Account, caller.Region, caller.Arn));
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
    public void A_header_that_is_not_SigV4_is_an_incomplete_signature(string header)
    {
        var error = Assert.Throws<AppFlowException>(() => Resolver.Resolve(Request(header)));
        Assert.Equal(AwsErrorCode.IncompleteSignatureException, error.Code);
        Assert.Equal(403, error.StatusCode);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-central-2")]
    [InlineData("ap-southeast-5")]
    [InlineData("us-gov-west-1")]
    [InlineData("us-iso-east-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("cn-northwest-1")]
    public void Region_names_of_every_partition_are_accepted(string region)
    {
        var caller = Resolver.Resolve(Request($"AWS4-HMAC-SHA256 Credential=123456789012/20261123/{region}/appflow/aws4_request, SignedHeaders=host, Signature=ab"));
        Assert.Equal(region, caller.Region);
    }

    [Theory]
    [InlineData("us:east")]
    [InlineData("x y'z")]
    [InlineData("US-WEST-2")]
    [InlineData("")]
    [InlineData("us-east")]
    [InlineData("useast1")]
    [InlineData("us-east-1\n")]
    [InlineData("us-east-1 ")]
    [InlineData("us-east-١")]
    public void A_credential_scope_region_that_is_not_a_region_is_an_incomplete_signature_naming_the_scope(string region)
    {
        var header = $"AWS4-HMAC-SHA256 Credential=123456789012/20261123/{region}/appflow/aws4_request, SignedHeaders=host, Signature=ab";
        var error = Assert.Throws<AppFlowException>(() => Resolver.Resolve(Request(header)));
        Assert.Equal(AwsErrorCode.IncompleteSignatureException, error.Code);
        Assert.Contains($"'123456789012/20261123/{region}/appflow/aws4_request'", error.Message, StringComparison.Ordinal);
    }
}
