using System.Text.Json.Serialization;

namespace AppFlowLocal.Model;

internal sealed record OAuth2Properties
{
    public string? TokenUrl { get; init; }

    [JsonPropertyName("oAuth2GrantType")]
    public string? OAuth2GrantType { get; init; }

    /// <summary>Sent to the token URL as form parameters of the token request; they also fill the URL's placeholders.</summary>
    public SortedDictionary<string, string>? TokenUrlCustomProperties { get; init; }
}
