namespace LambdaStandIn;

/// <summary>How often a function was invoked since it was last set, and its latest invocation.</summary>
public sealed record FunctionActivity(string FunctionName, int Invocations, FunctionInvocation? LastInvocation);
