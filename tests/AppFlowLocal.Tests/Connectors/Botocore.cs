using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>Signs requests with botocore's SigV4Auth in a python3 process: the reference our signer must match.</summary>
internal static class Botocore
{
    /// <summary>One request to sign; <paramref name="Headers"/> are those botocore should sign besides host and x-amz-*.</summary>
    public sealed record SigningCase(
        string Url,
        IReadOnlyDictionary<string, string> Headers,
        byte[] Body,
        string AccessKeyId,
        string SecretAccessKey,
        string? SessionToken,
        string Region,
        string AmzDate,
        string Method = "POST",
        string Service = "lambda");

    public sealed record Signature(string Authorization, string CanonicalRequest);

    private const string Script = """
        import base64, datetime, json, sys
        import botocore.auth as auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        results = []
        for case in json.load(sys.stdin):
            moment = datetime.datetime.strptime(case["amzDate"], "%Y%m%dT%H%M%SZ")
            auth.get_current_datetime = lambda *args, moment=moment, **kwargs: moment
            request = AWSRequest(method=case["method"], url=case["url"], data=base64.b64decode(case["body"]), headers=case["headers"])
            signer = auth.SigV4Auth(Credentials(case["accessKey"], case["secretKey"], case["token"]), case["service"], case["region"])
            signer.add_auth(request)
            results.append({"authorization": request.headers["Authorization"], "canonicalRequest": signer.canonical_request(request)})
        print(json.dumps(results))
        """;

    public static async Task<IReadOnlyList<Signature>> SignAsync(IReadOnlyList<SigningCase> cases)
    {
        var input = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
        {
            ["url"] = c.Url,
            ["method"] = c.Method,
            ["headers"] = new JsonObject([.. c.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))]),
            ["body"] = Convert.ToBase64String(c.Body),
            ["accessKey"] = c.AccessKeyId,
            ["secretKey"] = c.SecretAccessKey,
            ["token"] = c.SessionToken,
            ["region"] = c.Region,
            ["service"] = c.Service,
            ["amzDate"] = c.AmzDate,
        })]);

        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 (with botocore) is needed to check SigV4 signatures.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore signing failed (python3 with botocore is needed): {await errors}");
        }

        return [.. JsonNode.Parse(await output)!.AsArray().Select(result =>
            new Signature(result!["authorization"]!.GetValue<string>(), result["canonicalRequest"]!.GetValue<string>()))];
    }

    /// <summary>The names in an Authorization header's SignedHeaders list.</summary>
    public static IReadOnlyList<string> SignedHeaders(string authorization)
    {
        const string Marker = "SignedHeaders=";
        var start = authorization.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return authorization[start..].Split(',')[0].Split(';');
    }
}
