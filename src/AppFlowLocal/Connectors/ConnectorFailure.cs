using System.Text;
using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The errors a connector invocation ends in (SPEC.md, "Connector Lambda"). Messages are made single-line
/// here because parts of them come from the connector (a Java handler's message carries its whole stack
/// trace) and the wire puts them in one JSON string that CLIs print on one line.
/// </summary>
internal static class ConnectorFailure
{
    /// <summary>How much of any text the connector or Lambda supplied is quoted in a message.</summary>
    public const int QuotedLength = QuotedValue.MaxLength;

    public static AppFlowException Server(string message) => Create(AwsErrorCode.ConnectorServerException, message);

    public static AppFlowException Authentication(string message) => Create(AwsErrorCode.ConnectorAuthenticationException, message);

    public static AppFlowException NotFound(string message) => Create(AwsErrorCode.ResourceNotFoundException, message);

    public static AppFlowException AccessDenied(string message) => Create(AwsErrorCode.AccessDeniedException, message);

    public static AppFlowException Throttled(string message) => Create(AwsErrorCode.ThrottlingException, message);

    public static AppFlowException Validation(string message) => Create(AwsErrorCode.ValidationException, message);

    /// <summary>Text from outside, on one line and at most <see cref="QuotedLength"/> characters.</summary>
    public static string Quote(string? text) => QuotedValue.Cut(OneLine(text ?? ""));

    /// <summary>Collapses every run of whitespace (line breaks included) and control characters into one space.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static AppFlowException Create(AwsErrorCode code, string message) => new(code, OneLine(message));
}
