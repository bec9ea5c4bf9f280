using System.Net;

namespace AppFlowLocal.Hosting;

/// <summary>
/// Checks the addresses in --urls before Kestrel binds them. Kestrel's own errors for a bad address
/// are exceptions naming internal types, and a host name that is not an IP address (a typo such as
/// 256.1.1.1, or a real name) makes it listen on every interface without a word.
/// </summary>
internal static class ListeningAddresses
{
    public const string Setting = "--urls";

    public static IReadOnlyList<string> Problems(string? urls)
    {
        var problems = new List<string>();
        foreach (var address in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Problem(address) is { } problem)
            {
                problems.Add($"{Setting}: '{address}' {problem}");
            }
        }

        return problems;
    }

    /// <summary>
    /// The addresses other machines could reach: every one but loopback IPs, localhost and Unix sockets
    /// (*, +, 0.0.0.0, [::] and a LAN address all are). Addresses that do not parse are Problems' to report.
    /// </summary>
    public static IReadOnlyList<string> NotLoopback(string? urls)
    {
        var exposed = new List<string>();
        foreach (var address in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            var host = Unbracketed(binding.Host);
            var loopback = binding.IsUnixPipe
                || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
            {
                exposed.Add(address);
            }
        }

        return exposed;
    }

    private static string? Problem(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return "is not an address to listen on, such as http://127.0.0.1:4567";
        }

        // The server has no certificate to serve https with (it emulates an AWS endpoint for local use).
        if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            return "is not an http:// address, such as http://127.0.0.1:4567";
        }

        if (binding.IsUnixPipe)
        {
            return null;
        }

        if (binding.Port is < 0 or > IPEndPoint.MaxPort)
        {
            return $"has port {binding.Port}, which is not from 0 to {IPEndPoint.MaxPort}";
        }

        var host = Unbracketed(binding.Host);
        if (host is not ("localhost" or "*" or "+") && !IPAddress.TryParse(host, out _))
        {
            return $"has host '{binding.Host}', which is not an IP address, localhost or *; Kestrel would listen on every interface";
        }

        return null;
    }

    private static string Unbracketed(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}
