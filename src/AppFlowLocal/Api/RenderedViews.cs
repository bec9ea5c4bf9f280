using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>
/// The read operations' response bodies, rendered once per registration revision and kept in the
/// <see cref="RevisionCache"/>: serializing a whole configuration on every DescribeConnector, and twenty
/// details on every ListConnectors page, was most of what those cost after storage (bench/). The bytes
/// are exactly what serializing the response would write; a listing's page is assembled from its rows'
/// rendered details.
/// </summary>
internal sealed class RenderedViews(RevisionCache cache)
{
    private const string DescribeKind = "describe-view";
    private const string DetailKind = "detail-view";

    public byte[] Describe(ConnectorRegistration registration) => cache.GetOrAdd(DescribeKind, registration.Id, registration.Revision, registration,
        static shown => Sized(JsonSerializer.SerializeToUtf8Bytes(
            new DescribeConnectorResponse { ConnectorConfiguration = ConnectorViews.Configuration(shown) },
            AppFlowJsonContext.Default.DescribeConnectorResponse)));

    // A page's body, kept as long as storage keeps the rows it was made from (SQLite's recent reads).
    private readonly ConditionalWeakTable<KeptRows, RenderedPage> pages = [];

    /// <summary>A ListConnectors response: <c>{"connectors":[...],"nextToken":...}</c>, as ListConnectorsResponse serializes.</summary>
    public ReadOnlyMemory<byte> List(RegistrationPage page)
    {
        if (page.Source is not { } source)
        {
            return Render(page);
        }

        if (pages.TryGetValue(source, out var rendered) && rendered.NextToken == page.NextToken)
        {
            return rendered.Body;
        }

        var body = Render(page);
        pages.AddOrUpdate(source, new RenderedPage(page.NextToken, body));
        return body;
    }

    private ReadOnlyMemory<byte> Render(RegistrationPage page)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (page.Items.Count * 512));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("connectors"u8);
            foreach (var summary in page.Items)
            {
                writer.WriteRawValue(Detail(summary), skipInputValidation: true);
            }

            writer.WriteEndArray();
            if (page.NextToken is { } nextToken)
            {
                writer.WriteString("nextToken"u8, nextToken);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private byte[] Detail(ConnectorSummary summary) => cache.GetOrAdd(DetailKind, summary.Id, summary.Revision, summary,
        static listed => Sized(JsonSerializer.SerializeToUtf8Bytes(ConnectorViews.Detail(listed), AppFlowJsonContext.Default.ConnectorDetail)));

    private sealed record RenderedPage(string? NextToken, ReadOnlyMemory<byte> Body);

    /// <summary>A rendered body with its size as the cache counts it (the array and its bookkeeping).</summary>
    private static (byte[] Value, long Size) Sized(byte[] bytes) => (bytes, bytes.Length + 64L);
}
