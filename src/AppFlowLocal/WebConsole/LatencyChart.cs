using System.Globalization;
using AppFlowLocal.Observability;
using AppFlowLocal.Registry;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// Invocation latency as an inline SVG bar chart, oldest invocation on the left: one bar per invocation, a
/// failed one in red, each with a tooltip (its &lt;title&gt;) giving time, request type, outcome and latency.
/// </summary>
internal static class LatencyChart
{
    private const int Width = 720, Height = 180, Left = 56, Bottom = 22, Top = 10;

    public static void Write(Html html, IReadOnlyList<InvocationRecord> newestFirst)
    {
        if (newestFirst.Count == 0)
        {
            html.Element("p", "No invocations on this node yet.", "muted");
            return;
        }

        var records = newestFirst.Reverse().ToList();
        var most = Math.Max(records.Max(r => r.Latency.TotalMilliseconds), 1);
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Top - Bottom;
        var slot = (double)plotWidth / records.Count;
        var bar = Math.Clamp(slot * 0.7, 1, 28);
        html.Raw($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Invocation latency in milliseconds, oldest first\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Raw($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - 8}\" y2=\"{Top + plotHeight}\" stroke=\"#aab7b8\"/>")
            .Raw($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"#aab7b8\"/>")
            .Raw($"<text x=\"{Left - 6}\" y=\"{Top + 10}\" text-anchor=\"end\">").Text(Milliseconds(most)).Raw("</text>")
            .Raw($"<text x=\"{Left - 6}\" y=\"{Top + plotHeight}\" text-anchor=\"end\">0 ms</text>")
            .Raw($"<text x=\"{Left}\" y=\"{Height - 6}\">").Text(Html.Time(records[0].StartedAt)).Raw("</text>")
            .Raw($"<text x=\"{Width - 8}\" y=\"{Height - 6}\" text-anchor=\"end\">").Text(Html.Time(records[^1].StartedAt)).Raw("</text>");
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var height = Math.Max(record.Latency.TotalMilliseconds / most * plotHeight, 1);
            var failed = record.Outcome != AppFlowMetrics.Success;
            html.Raw(string.Create(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar{(failed ? " failed" : "")}\" x=\"{Left + (i * slot) + ((slot - bar) / 2):0.##}\" y=\"{Top + plotHeight - height:0.##}\" width=\"{bar:0.##}\" height=\"{height:0.##}\">"))
                .Raw("<title>").Text($"{Html.Time(record.StartedAt)} {record.RequestType}: {record.Outcome}, {Milliseconds(record.Latency.TotalMilliseconds)}").Raw("</title></rect>");
        }

        html.Raw("</svg>");
    }

    public static string Milliseconds(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
