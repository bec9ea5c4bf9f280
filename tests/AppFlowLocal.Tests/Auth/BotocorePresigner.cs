using System.Diagnostics;
using AppFlowLocal.Connectors;

namespace AppFlowLocal.Tests.Auth;

/// <summary>Presigns a request with botocore's SigV4QueryAuth in a python3 process: the URL a real client would hand out.</summary>
internal static class BotocorePresigner
{
    private const string Script = """
        import datetime, sys
        import botocore.auth as auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        method, url, key, secret, token, region, service, expires, age = sys.argv[1:10]
        moment = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(seconds=int(age))
        auth.get_current_datetime = lambda *args, **kwargs: moment
        request = AWSRequest(method=method, url=url, data=b"")
        auth.SigV4QueryAuth(Credentials(key, secret, token or None), service, region, expires=int(expires)).add_auth(request)
        print(request.prepare().url)
        """;

    /// <param name="age">How long ago the URL was signed.</param>
    public static async Task<Uri> PresignAsync(Uri url, AwsCredentials credentials, string region = "us-east-1", int expiresSeconds = 300,
        TimeSpan age = default, string method = "POST", string service = "appflow")
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", Script, method, url.ToString(), credentials.AccessKeyId, credentials.SecretAccessKey,
                     credentials.SessionToken ?? "", region, service, expiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     ((long)age.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 (with botocore) is needed to presign URLs.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"botocore presigning failed (python3 with botocore is needed): {await errors}");
        }

        return new Uri((await output).Trim());
    }
}
