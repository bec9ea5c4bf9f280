namespace AppFlowLocal.Model;

/// <summary>The error shapes the API model (and the rest-json protocol) define, with their HTTP statuses.</summary>
internal enum AwsErrorCode
{
    ValidationException,
    ConnectorServerException,
    ConnectorAuthenticationException,
    ServiceQuotaExceededException,
    AccessDeniedException,
    ResourceNotFoundException,
    ConflictException,
    ThrottlingException,
    InternalServerException,
    SerializationException,
    UnknownOperationException,

    /// <summary>A SigV4 Authorization header that cannot be read (AWS answers 403 before any operation runs).</summary>
    IncompleteSignatureException,
}
