using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Wire;
using Microsoft.AspNetCore.Http;

namespace AppFlowLocal.Tests.Wire;

public sealed class ErrorShapeTests
{
    public static TheoryData<string, int> Codes() => new()
    {
        { nameof(AwsErrorCode.ValidationException), 400 },
        { nameof(AwsErrorCode.ConnectorServerException), 400 },
        { nameof(AwsErrorCode.SerializationException), 400 },
        { nameof(AwsErrorCode.ConnectorAuthenticationException), 401 },
        { nameof(AwsErrorCode.ServiceQuotaExceededException), 402 },
        { nameof(AwsErrorCode.AccessDeniedException), 403 },
        { nameof(AwsErrorCode.IncompleteSignatureException), 403 },
        { nameof(AwsErrorCode.MissingAuthenticationTokenException), 403 },
        { nameof(AwsErrorCode.UnrecognizedClientException), 403 },
        { nameof(AwsErrorCode.InvalidSignatureException), 403 },
        { nameof(AwsErrorCode.ResourceNotFoundException), 404 },
        { nameof(AwsErrorCode.UnknownOperationException), 404 },
        { nameof(AwsErrorCode.ConflictException), 409 },
        { nameof(AwsErrorCode.ThrottlingException), 429 },
        { nameof(AwsErrorCode.InternalServerException), 500 },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task An_error_has_its_status_its_type_header_and_a_message_body(string name, int status)
    {
        var code = Enum.Parse<AwsErrorCode>(name);
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await RestJson.WriteErrorAsync(context, code, "what went wrong");

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(code.ToString(), context.Response.Headers["x-amzn-ErrorType"].ToString());
        Assert.Equal("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("what went wrong", body.GetProperty("message").GetString());
        Assert.Single(body.EnumerateObject());
    }

    [Fact]
    public void A_single_violation_is_singular_and_several_are_counted()
    {
        Assert.Equal("1 validation error detected: a", AppFlowException.Validation(["a"]).Message);
        Assert.Equal("2 validation errors detected: a; b", AppFlowException.Validation(["a", "b"]).Message);
    }
}
