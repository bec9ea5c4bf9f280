namespace SampleConnector.Handlers;

/// <summary>The SDKs' normalized error codes (ErrorCode in both SDKs) the sample uses.</summary>
internal static class ErrorCodes
{
    public const string InvalidArgument = "InvalidArgument";
    public const string InvalidCredentials = "InvalidCredentials";
    public const string PartialWriteFailure = "PartialWriteFailure";
}
