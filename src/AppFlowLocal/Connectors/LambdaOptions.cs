namespace AppFlowLocal.Connectors;

/// <summary>How the server reaches connector functions: configuration section "Lambda".</summary>
internal sealed class LambdaOptions
{
    public const string SectionName = "Lambda";

    /// <summary>
    /// Base URL of the Lambda API, e.g. a local stand-in (<c>http://127.0.0.1:4568</c>). Null means the
    /// real regional endpoint of each function's region.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>With <see cref="SecretAccessKey"/>; when both are unset, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Temporary credentials' token, sent as X-Amz-Security-Token.</summary>
    public string? SessionToken { get; set; }

    /// <summary>
    /// The longest <see cref="Timeout"/> accepted: Lambda's own maximum function timeout. No function
    /// can answer later, and a longer wait would also exceed what a CancellationTokenSource can time.
    /// </summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long one invocation may take, connection and response body included. 10 s by default:
    /// AppFlow's documented limit for configuration calls such as DescribeConnectorConfiguration.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many processes of one <c>cmd:</c> function may run at once (see <see cref="CommandSlots"/>).
    /// 8 by default: enough for a console and a few scripts calling together, few enough that a burst
    /// of calls does not fork a machine's worth of interpreters.
    /// </summary>
    public int CommandConcurrency { get; set; } = 8;

    /// <summary>
    /// Variables a <c>cmd:</c> function gets on top of PATH and the AWS variables the server sets; a
    /// <c>cmd:</c> function inherits nothing else, as a Lambda function sees only its configured environment.
    /// </summary>
    public Dictionary<string, string> FunctionEnvironment { get; set; } = [];

    /// <summary>The <c>Lambda:Functions</c> bindings, read from the raw section (not bindable: see <see cref="FunctionBindings"/>).</summary>
    public FunctionBindings Bindings { get; internal set; } = FunctionBindings.None;

    public Uri? EndpointUri => Configured(Endpoint) is { } endpoint ? new Uri(endpoint, UriKind.Absolute) : null;

    /// <summary>The value, or null for unset: configuration files and shells produce empty strings for "unset".</summary>
    public static string? Configured(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
