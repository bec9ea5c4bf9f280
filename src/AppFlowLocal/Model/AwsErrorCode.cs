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

    /// <summary>A request without an Authorization header where signatures are required.</summary>
    MissingAuthenticationTokenException,

    /// <summary>An access key (or session token) no configured credential has.</summary>
    UnrecognizedClientException,

    /// <summary>A signature that does not verify: wrong secret, altered request, wrong scope, or too far from the server's clock.</summary>
    InvalidSignatureException,

    /// <summary>A request line over the server's limit (HTTP 414), refused before anything else is read.</summary>
    RequestUriTooLongException,

    /// <summary>Request headers over the server's limit (HTTP 431), refused before anything else is read.</summary>
    RequestHeaderFieldsTooLargeException,
}
