using System.Text.Json;
using System.Text.RegularExpressions;

namespace AppFlowLocal.Model;

/// <summary>
/// SPEC.md narrows the model's generic ARN pattern for lambdaArn: a custom connector is provisioned
/// only by a Lambda function, so anything else is refused before an invocation is attempted.
/// </summary>
internal static partial class FunctionArnConstraint
{
    public const string Form = "arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]";

    /// <summary>
    /// Lambda's own FunctionName and Qualifier patterns, within an unabbreviated function ARN. Java's \d
    /// (Lambda's) is ASCII; .NET's would also take other scripts' digits, hence [0-9].
    /// </summary>
    [GeneratedRegex(@"^arn:aws:lambda:[a-z]{2}(-gov)?-[a-z]+-[0-9]:[0-9]{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string arn) => Pattern().IsMatch(arn);

    /// <summary>What RegisterConnector adds to its model: the function is a Lambda function's ARN.</summary>
    public static readonly IReadOnlyList<MemberConstraint> OnRegister = [FunctionArn()];

    /// <summary>
    /// What UpdateConnectorRegistration adds: a provisioning config that names no function cannot move the
    /// connector anywhere, and the function it names is a Lambda function's ARN.
    /// </summary>
    public static readonly IReadOnlyList<MemberConstraint> OnUpdate =
    [
        new("connectorProvisioningConfig", static (config, path) =>
            config.TryGetProperty("lambda", out var lambda) && lambda.ValueKind != JsonValueKind.Null
                ? null
                : ConstraintValidator.Clause(null, path + ".lambda", "Member must not be null")),
        FunctionArn(),
    ];

    private static MemberConstraint FunctionArn() =>
        new("connectorProvisioningConfig.lambda.lambdaArn", static (arn, path) => Violation(arn.GetString()!, path));

    /// <returns>The AWS validation clause for a value that is not a function ARN, else null.</returns>
    public static string? Violation(string arn, string path) =>
        IsValid(arn) ? null : ConstraintValidator.Clause(QuotedValue.Quote(arn), path, $"Member must be a Lambda function ARN: {Form}");
}
