using System.Globalization;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>One scrape of <c>GET /metrics</c>, parsed from Prometheus' text exposition format.</summary>
internal sealed class PrometheusScrape
{
    private readonly Dictionary<string, double> samples = new(StringComparer.Ordinal);

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> TakeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A sample's value, 0 when the series does not exist yet; labels in the order the server declares them.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var series = labels.Length == 0 ? name : $"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}";
        return samples.GetValueOrDefault(series);
    }
}
