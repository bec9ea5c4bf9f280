using System.Text.Json.Serialization;

namespace AppFlowLocal.Connectors;

/// <summary>
/// What both validation requests answer (the SDKs' ValidateConnectorRuntimeSettingsResponse and
/// ValidateCredentialsResponse): success, or the connector's error. The per-field errors the runtime
/// settings answer may add travel in the connector's message too, so they are not read.
/// </summary>
internal sealed class SdkValidationResponse
{
    [JsonPropertyName("isSuccess")]
    public bool? IsSuccess { get; init; }

    [JsonPropertyName("errorDetails")]
    public SdkErrorDetails? ErrorDetails { get; init; }
}
