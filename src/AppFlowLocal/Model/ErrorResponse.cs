namespace AppFlowLocal.Model;

/// <summary>The body of every AWS rest-json error.</summary>
internal sealed class ErrorResponse
{
    public string? Message { get; init; }
}
