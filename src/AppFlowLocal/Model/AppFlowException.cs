namespace AppFlowLocal.Model;

/// <summary>
/// A failure the caller is told about as one of the API's error shapes. Thrown by any layer below
/// the wire; only the wire turns it into a response.
/// </summary>
internal sealed class AppFlowException(AwsErrorCode code, string message) : Exception(message)
{
    public AwsErrorCode Code { get; } = code;

    public int StatusCode => StatusOf(Code);

    public static int StatusOf(AwsErrorCode code) => code switch
    {
        AwsErrorCode.ValidationException => 400,
        AwsErrorCode.ConnectorServerException => 400,
        AwsErrorCode.SerializationException => 400,
        AwsErrorCode.ConnectorAuthenticationException => 401,
        AwsErrorCode.ServiceQuotaExceededException => 402,
        AwsErrorCode.AccessDeniedException => 403,
        AwsErrorCode.IncompleteSignatureException => 403,
        AwsErrorCode.ResourceNotFoundException => 404,
        AwsErrorCode.UnknownOperationException => 404,
        AwsErrorCode.ConflictException => 409,
        AwsErrorCode.ThrottlingException => 429,
        _ => 500,
    };

    /// <summary>AWS's form: "N validation error(s) detected: clause; clause".</summary>
    public static AppFlowException Validation(IReadOnlyList<string> violations) =>
        new(AwsErrorCode.ValidationException,
            $"{violations.Count} validation error{(violations.Count == 1 ? "" : "s")} detected: {string.Join("; ", violations)}");
}
