using System.Diagnostics.CodeAnalysis;

namespace AppFlowLocal.Connectors;

/// <summary>
/// A Lambda function ARN, <c>arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}]</c>:
/// where to send the Invoke call and which region to sign it for.
/// </summary>
internal sealed record LambdaFunctionArn(string Value, string Partition, string Region, string AccountId, string FunctionName, string? Qualifier)
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out LambdaFunctionArn? arn)
    {
        arn = null;
        var parts = value?.Split(':');
        if (parts is not { Length: 7 or 8 }
            || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function"
            || parts[1].Length == 0 || parts[3].Length == 0 || parts[4].Length == 0 || parts[6].Length == 0
            || (parts.Length == 8 && parts[7].Length == 0))
        {
            return false;
        }

        arn = new LambdaFunctionArn(value!, parts[1], parts[3], parts[4], parts[6], parts.Length == 8 ? parts[7] : null);
        return true;
    }

    /// <summary>The function's regional Lambda endpoint, as the AWS SDKs resolve it.</summary>
    public Uri DefaultEndpoint => new(Partition switch
    {
        "aws-cn" => $"https://lambda.{Region}.amazonaws.com.cn",
        _ => $"https://lambda.{Region}.amazonaws.com",
    });

    /// <summary>
    /// The Invoke path with the full ARN as FunctionName, percent-encoded the way the AWS SDKs send it
    /// (<c>arn%3Aaws%3Alambda%3A...</c>); the signer encodes it a second time for the canonical request.
    /// </summary>
    public string InvokePath => $"/2015-03-31/functions/{Uri.EscapeDataString(Value)}/invocations";

    public override string ToString() => Value;
}
