using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaStandIn;

/// <summary>
/// An HTTP server speaking the Lambda Invoke API (<c>POST /2015-03-31/functions/{FunctionName}/invocations</c>)
/// for the functions of a <see cref="FunctionCatalog"/>, plus <c>/_standin/functions</c> to program
/// and inspect them over HTTP. Requests are recorded, never authenticated.
/// </summary>
public sealed class LambdaStandInServer : IAsyncDisposable
{
    /// <summary>Where <c>dotnet run</c> listens when no --urls is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:4568";

    private LambdaStandInServer(WebApplication application, Uri endpoint, FunctionCatalog functions)
    {
        Application = application;
        Endpoint = endpoint;
        Functions = functions;
    }

    public WebApplication Application { get; }

    /// <summary>The base URL to configure as Lambda:Endpoint.</summary>
    public Uri Endpoint { get; }

    public FunctionCatalog Functions { get; }

    /// <summary>The stand-in as an application; command-line arguments as for any ASP.NET Core app (--urls...).</summary>
    public static WebApplication Build(string[] args, FunctionCatalog? functions = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(LambdaStandInServer).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddSingleton(functions ?? new FunctionCatalog());
        var application = builder.Build();
        Map(application);
        return application;
    }

    /// <summary>Starts a stand-in on a free loopback port, quiet in the logs: what tests use.</summary>
    public static async Task<LambdaStandInServer> StartAsync(FunctionCatalog? functions = null, CancellationToken cancellationToken = default)
    {
        functions ??= new FunctionCatalog();
        var application = Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], functions);
        await application.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = application.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LambdaStandInServer(application, new Uri(address), functions);
    }

    public async ValueTask DisposeAsync()
    {
        await Application.StopAsync().ConfigureAwait(false);
        await Application.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication application)
    {
        application.MapPost("/2015-03-31/functions/{functionName}/invocations", InvokeAsync);

        var control = application.MapGroup("/_standin/functions");
        control.MapGet("/", (FunctionCatalog functions) => Results.Json(functions.Names, StandInJsonContext.Default.IReadOnlyListString));
        control.MapGet("/{name}", (string name, FunctionCatalog functions) => functions.Activity(name) is { } activity
            ? Results.Text(Describe(activity), "application/json")
            : Results.NotFound());
        control.MapPut("/{name}", SetAsync);
        control.MapDelete("/{name}", (string name, FunctionCatalog functions) =>
            functions.Remove(name) ? Results.NoContent() : Results.NotFound());
    }

    private static async Task InvokeAsync(HttpContext context, string functionName, FunctionCatalog functions)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var address = FunctionAddress.Parse(functionName, request.Query["Qualifier"], SigningRegion(request) ?? "us-east-1");
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var invocation = new FunctionInvocation(
            address.Name,
            address.Qualifier,
            request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow);

        var invocationType = request.Headers["X-Amz-Invocation-Type"].ToString();
        FunctionResponse response;
        if (invocationType == "DryRun")
        {
            // Lambda only checks that the function exists and may be invoked.
            response = functions.Activity(address.Name) is null ? NotFound(address) : new FunctionResponse(204, "", new Dictionary<string, string>());
        }
        else if (functions.Record(invocation) is not { } handler)
        {
            response = NotFound(address);
        }
        else if (invocationType == "Event")
        {
            response = new FunctionResponse(202, "", new Dictionary<string, string>());
        }
        else
        {
            response = await handler(invocation, cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>Real Lambda's answer for a name it does not know.</summary>
    private static FunctionResponse NotFound(FunctionAddress address) =>
        FunctionResponse.ServiceError(404, "ResourceNotFoundException", $"Function not found: {address.Arn}");

    private static async Task WriteAsync(HttpContext context, FunctionResponse response)
    {
        var http = context.Response;
        http.StatusCode = response.StatusCode;
        http.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (response.StatusCode is >= 200 and < 300)
        {
            http.Headers["X-Amz-Executed-Version"] = "$LATEST";
        }

        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        if (response.Body.Length > 0)
        {
            http.ContentType = "application/json";
            await http.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>PUT /_standin/functions/{name}</c>: the body becomes the function's answer. Query parameters
    /// shape the rest: status (default 200), functionError (sets X-Amz-Function-Error), errorType
    /// (sets x-amzn-ErrorType), delayMs.
    /// </summary>
    private static async Task<IResult> SetAsync(HttpContext context, string name, FunctionCatalog functions)
    {
        var query = context.Request.Query;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (!TryInt(query["status"], 200, out var status) || status is < 200 or > 599 || !TryInt(query["delayMs"], 0, out var delayMs) || delayMs < 0)
        {
            return Results.BadRequest("status must be an HTTP status (200-599) and delayMs a non-negative number of milliseconds.");
        }

        var headers = new Dictionary<string, string>();
        if (query["functionError"].ToString() is { Length: > 0 } functionError)
        {
            headers["X-Amz-Function-Error"] = functionError;
        }

        if (query["errorType"].ToString() is { Length: > 0 } errorType)
        {
            headers["x-amzn-ErrorType"] = errorType;
        }

        var response = new FunctionResponse(status, body, headers);
        functions.Set(name, async (_, cancellationToken) =>
        {
            await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
            return response;
        });
        return Results.NoContent();
    }

    private static bool TryInt(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The region of the caller's SigV4 credential scope, used to spell ARNs in messages like Lambda.</summary>
    private static string? SigningRegion(HttpRequest request)
    {
        var parts = FunctionInvocation.CredentialScopeOf(request.Headers.Authorization.ToString())?.Split('/');
        return parts is { Length: 4 } ? parts[1] : null;
    }

    private static string Describe(FunctionActivity activity)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", activity.FunctionName);
            writer.WriteNumber("invocations", activity.Invocations);
            if (activity.LastInvocation is { } last)
            {
                writer.WriteStartObject("lastInvocation");
                writer.WriteString("method", last.Method);
                writer.WriteString("path", last.RawTarget);
                writer.WriteString("qualifier", last.Qualifier);
                writer.WriteString("credentialScope", last.CredentialScope);
                writer.WriteString("receivedAt", last.ReceivedAt);
                writer.WriteStartObject("headers");
                foreach (var (name, value) in last.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WriteString("body", last.Body);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
