using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Wire;

/// <summary>Refuses an <c>Auth:AllowedHosts</c> entry that could never equal a Host header's name, one line per entry.</summary>
internal sealed partial class HostNameOptionsValidator : IValidateOptions<HostNameOptions>
{
    public ValidateOptionsResult Validate(string? name, HostNameOptions options)
    {
        var failures = new List<string>();
        foreach (var entry in options.Entries)
        {
            if (entry != "*" && !HostName().IsMatch(entry))
            {
                failures.Add($"{HostNameOptions.Setting}: '{entry}' is not a host name without a port, such as appflow.example.com, "
                    + "a wildcard such as *.example.com, or *; entries are separated by ';' (IP addresses need no entry)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
