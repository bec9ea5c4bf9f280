using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>
/// Establishes who is calling before any operation runs, hung on the operations' route group: in
/// <c>sigv4</c> mode a request must carry a valid signature by a configured credential; in <c>open</c>
/// mode the caller is read from the Authorization header without checking it (SPEC.md, "Identity").
/// </summary>
internal sealed class CallerAuthentication(IOptions<AuthOptions> options, CallerResolver openResolver, FailedAttemptBudget failures, IServiceProvider services)
    : IEndpointFilter
{
    /// <summary>What an address that has failed too often is told, before its request is looked at.</summary>
    public const string TooManyFailuresMessage = "Too many failed authentication attempts from this address; wait a few minutes before trying again.";

    private readonly SigV4Verifier? verifier = options.Value.RequiresSignature ? services.GetRequiredService<SigV4Verifier>() : null;

    private readonly SigV4Verifier? secretsManagerVerifier = options.Value.RequiresSignature
        ? services.GetRequiredKeyedService<SigV4Verifier>(SigningService.SecretsManager)
        : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;

        // A signature is valid only for the service it was made for: the endpoint says which that is.
        var chosen = http.GetEndpoint()?.Metadata.GetMetadata<SigningService>()?.Name == SigningService.SecretsManager ? secretsManagerVerifier : verifier;
        http.SetCaller(chosen is null ? openResolver.Resolve(http.Request) : await VerifiedAsync(http, chosen));
        return await next(context);
    }

    private async Task<Caller> VerifiedAsync(HttpContext http, SigV4Verifier verifier)
    {
        var request = http.Request;
        var source = http.Connection.RemoteIpAddress;

        // Refused before anything is read or computed: an address that has guessed too often learns nothing more.
        if (!failures.Admits(source))
        {
            throw new AppFlowException(AwsErrorCode.ThrottlingException, TooManyFailuresMessage);
        }

        var (path, query) = AsSent(http);
        if (string.IsNullOrEmpty(request.Headers.Authorization) && !SigV4Verifier.IsPresigned(query))
        {
            // Refused before the body is read: an anonymous client gets nothing past this door.
            verifier.Verify(new SignedRequest(request.Method, "", "", request.Headers, ReadOnlyMemory<byte>.Empty));
        }

        var body = await BufferedBody.ReadAsync(http);
        SignatureCheck check;
        try
        {
            check = verifier.Verify(new SignedRequest(request.Method, path, query, request.Headers, body));
        }
        catch (AppFlowException e) when (SigV4Verifier.IsWrongSecret(e))
        {
            failures.Failed(source, SigV4Verifier.ClaimedAccessKey(request.Headers.Authorization.ToString(), query));
            throw;
        }

        var credential = check.Credential;
        return new Caller(credential.AccountId, check.Region, $"arn:aws:iam::{credential.AccountId}:user/{credential.UserName}");
    }

    /// <summary>The path and query exactly as the client sent them: what it signed, before Kestrel decoded anything.</summary>
    private static (string Path, string Query) AsSent(HttpContext http)
    {
        var target = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return (http.Request.Path.ToUriComponent(), http.Request.QueryString.Value ?? "");
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, "") : (target[..question], target[question..]);
    }
}
