using System.Text;
using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>Every problem of a connector function's configuration at once, as a checklist.</summary>
internal sealed class ConnectorCheckReport
{
    public required string Function { get; init; }

    /// <summary>True when registration would accept the function's configuration.</summary>
    public bool Registrable => Errors.Count == 0;

    public List<ConnectorCheckFinding> Errors { get; init; } = [];

    public List<ConnectorCheckFinding> Warnings { get; init; } = [];

    /// <summary>The configuration as registration would store it; absent when the function gave none it could use.</summary>
    public ConnectorConfiguration? Configuration { get; init; }

    /// <summary>The same report, naming the function as the person asked for it (a URL or command rather than the ARN it was invoked as).</summary>
    public ConnectorCheckReport For(string function) => new() { Function = function, Errors = Errors, Warnings = Warnings, Configuration = Configuration };

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Configuration check of {Function}");
        if (Configuration is { } configuration)
        {
            text.AppendLine($"  connector: {configuration.ConnectorName} {configuration.ConnectorVersion} by {configuration.ConnectorOwner}");
        }

        text.AppendLine(Registrable
            ? $"  registrable: yes ({Errors.Count} errors, {Warnings.Count} warnings)"
            : $"  registrable: no ({Errors.Count} errors, {Warnings.Count} warnings)");
        foreach (var finding in Errors.Concat(Warnings))
        {
            text.AppendLine($"  [{finding.Severity}] {finding.Member}: {finding.Message}");
        }

        return text.ToString();
    }
}
