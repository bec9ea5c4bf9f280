using SampleConnector.Protocol;

namespace SampleConnector.Hosting;

/// <summary>What Lambda reports when a handler throws: the exception's type, message and stack trace lines.</summary>
internal static class FunctionError
{
    public static FunctionErrorBody From(Exception exception) => new(
        exception.GetType().Name,
        exception.Message,
        [.. (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
}
