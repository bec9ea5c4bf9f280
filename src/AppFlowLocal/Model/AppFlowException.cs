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
        AwsErrorCode.MissingAuthenticationTokenException => 403,
        AwsErrorCode.UnrecognizedClientException => 403,
        AwsErrorCode.InvalidSignatureException => 403,
        AwsErrorCode.ResourceNotFoundException => 404,
        AwsErrorCode.UnknownOperationException => 404,
        AwsErrorCode.ConflictException => 409,
        AwsErrorCode.RequestUriTooLongException => 414,
        AwsErrorCode.RequestHeaderFieldsTooLargeException => 431,
        AwsErrorCode.ThrottlingException => 429,
        _ => 500,
    };

    /// <summary>
    /// AWS's form: "N validation error(s) detected: clause; clause", N being every distinct violation
    /// and the clauses past <see cref="ConstraintViolations.ReportedLimit"/> summed up as "and M more".
    /// </summary>
    public static AppFlowException Validation(ConstraintViolations violations) =>
        new(AwsErrorCode.ValidationException,
            $"{violations.Total} validation error{(violations.Total == 1 ? "" : "s")} detected: {violations}");

    public static AppFlowException Validation(IReadOnlyList<string> violations)
    {
        var collected = new ConstraintViolations();
        foreach (var clause in violations)
        {
            collected.Add(clause);
        }

        return Validation(collected);
    }
}
