using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The token request AppFlow makes for an OAUTH2 profile before the connector sees it (RFC 6749): an
/// authorization code is exchanged (section 4.1.3), a client-credentials grant fetches a token (section 4.4).
/// A form POST with the client's id and secret in the body, as AppFlow sends them unless a connector asks
/// for a Basic header (which the API has no place to record); redirects are not followed; the whole
/// exchange has <c>Lambda:Timeout</c>, as a connector invocation does. Whatever goes wrong is AppFlow's
/// ConnectorAuthenticationException, and no credential value is ever quoted.
/// </summary>
internal sealed class OAuth2TokenExchange(HttpClient http, IOptions<LambdaOptions> lambda)
{
    /// <summary>At most this much of a token endpoint's answer is read.</summary>
    private const int MaxResponseBytes = 1024 * 1024;

    /// <param name="grant">The API's grant type, for messages.</param>
    /// <param name="form">The token request's parameters, grant_type first.</param>
    public async Task<OAuth2Tokens> RequestAsync(Uri tokenUrl, string grant, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var failure = $"Error authenticating to connector: the token URL {ConnectorFailure.Quote(tokenUrl.OriginalString)} refused the {grant} grant";
        using var timeout = new CancellationTokenSource(lambda.Value.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        byte[] body;
        int status;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            body = await ReadBoundedAsync(response.Content, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw ConnectorFailure.Authentication($"{failure}: no answer within {lambda.Value.Timeout.TotalSeconds:0.#} s (Lambda:Timeout)");
        }
        catch (HttpRequestException exception)
        {
            throw ConnectorFailure.Authentication($"{failure}: it cannot be reached ({ConnectorFailure.Quote(exception.Message)})");
        }

        var answer = LambdaInvoker.TryParse(body);
        if (status is < 200 or > 299)
        {
            // RFC 6749 section 5.2: {"error", "error_description"}; only those are quoted, never the rest of the body.
            var error = LambdaInvoker.Member(answer, "error");
            var description = LambdaInvoker.Member(answer, "error_description");
            throw ConnectorFailure.Authentication($"{failure} (HTTP {status}" +
                (error is null ? ", not an OAuth2 error response)" : $"): {ConnectorFailure.Quote(error)}") +
                (description is null ? "" : $": {ConnectorFailure.Quote(description)}"));
        }

        if (LambdaInvoker.Member(answer, "access_token") is not { Length: > 0 } accessToken)
        {
            throw ConnectorFailure.Authentication($"{failure}: its HTTP {status} answer has no access_token");
        }

        return new OAuth2Tokens(accessToken, LambdaInvoker.Member(answer, "refresh_token"));
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0 && buffer.Length < MaxResponseBytes)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
