namespace LambdaStandIn;

/// <summary>
/// The FunctionName of an Invoke call in any form Lambda accepts: <c>name</c>, <c>name:qualifier</c>,
/// <c>account:function:name[:qualifier]</c> or the full ARN.
/// </summary>
internal sealed record FunctionAddress(string Name, string? Qualifier, string Region, string AccountId)
{
    /// <summary>Used in messages when the caller named the function without an ARN, as LocalStack does.</summary>
    public const string DefaultAccountId = "000000000000";

    public static FunctionAddress Parse(string functionName, string? qualifierParameter, string region)
    {
        var parts = functionName.Split(':');
        var (name, qualifier, account) = parts switch
        {
            ["arn", _, "lambda", var arnRegion, var arnAccount, "function", var n, .. var rest] =>
                (n, rest.FirstOrDefault(), WithRegion(arnAccount, arnRegion, ref region)),
            [var partialAccount, "function", var n, .. var rest] => (n, rest.FirstOrDefault(), partialAccount),
            [var n, var q] => (n, q, DefaultAccountId),
            _ => (functionName, null, DefaultAccountId),
        };
        return new FunctionAddress(name, string.IsNullOrEmpty(qualifierParameter) ? qualifier : qualifierParameter, region, account);

        static string WithRegion(string account, string arnRegion, ref string region)
        {
            region = arnRegion;
            return account;
        }
    }

    public string Arn => $"arn:aws:lambda:{Region}:{AccountId}:function:{Name}{(Qualifier is null ? "" : ":" + Qualifier)}";
}
