using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AppFlowLocal.Bench;

/// <summary>
/// The ceiling every read is measured against: a bare Kestrel application (no routing table, no
/// parsing, no storage) answering every POST with the exact bytes and headers AppFlow Local sends for
/// DescribeConnector. Whatever an operation costs above this is AppFlow Local's own work.
/// </summary>
internal static class CeilingServer
{
    public const string Command = "ceiling-server";

    public static async Task<int> RunAsync(string bodyFile, string[] hostArguments)
    {
        var body = await File.ReadAllBytesAsync(bodyFile);
        var builder = WebApplication.CreateSlimBuilder(hostArguments);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        await app.RunAsync();
        return 0;
    }
}
