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
}
