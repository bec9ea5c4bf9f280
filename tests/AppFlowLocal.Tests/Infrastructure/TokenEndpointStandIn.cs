using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// An OAuth2 token endpoint (RFC 6749) over real HTTP for the server to call: each test takes a URL of its
/// own (<see cref="NewTokenUrl"/>), programs what it answers, and reads the form requests it received.
/// </summary>
internal sealed class TokenEndpointStandIn : IAsyncDisposable
{
    private readonly WebApplication application;
    private readonly ConcurrentDictionary<string, Endpoint> endpoints = new();
    private int next;

    private TokenEndpointStandIn(WebApplication application, Uri baseUri) => (this.application, BaseUri) = (application, baseUri);

    public Uri BaseUri { get; }

    public static async Task<TokenEndpointStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var application = builder.Build();
        TokenEndpointStandIn? standIn = null;
        application.MapPost("/{name}/token", async (string name, HttpContext context) =>
        {
            if (!standIn!.endpoints.TryGetValue(name, out var endpoint))
            {
                return Results.NotFound();
            }

            var form = await context.Request.ReadFormAsync();
            endpoint.Requests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            await Task.Delay(endpoint.Delay, context.RequestAborted);
            return Results.Text(endpoint.Body, "application/json", statusCode: endpoint.Status);
        });
        await application.StartAsync();
        var address = application.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        standIn = new TokenEndpointStandIn(application, new Uri(address));
        return standIn;
    }

    /// <summary>A token URL no other test uses, answering <paramref name="status"/> with <paramref name="body"/> (after <paramref name="delay"/>).</summary>
    public string NewTokenUrl(int status, string body, TimeSpan? delay = null)
    {
        var name = $"t{Interlocked.Increment(ref next)}";
        endpoints[name] = new Endpoint(status, body, delay ?? TimeSpan.Zero);
        return new Uri(BaseUri, $"{name}/token").ToString();
    }

    /// <summary>The form of each token request the URL received, in order.</summary>
    public IReadOnlyList<Dictionary<string, string>> Requests(string tokenUrl) =>
        [.. endpoints[new Uri(tokenUrl).Segments[1].TrimEnd('/')].Requests];

    public async ValueTask DisposeAsync()
    {
        await application.StopAsync();
        await application.DisposeAsync();
    }

    private sealed record Endpoint(int Status, string Body, TimeSpan Delay)
    {
        public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();
    }
}
