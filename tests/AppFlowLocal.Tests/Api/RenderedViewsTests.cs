using System.Text.Json;
using AppFlowLocal.Api;
using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Storage;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Tests.Api;

/// <summary>Views rendered once per revision are byte for byte what serializing the response writes, and a new revision is rendered anew.</summary>
public sealed class RenderedViewsTests : IDisposable
{
    private readonly RevisionCache cache = new();

    public void Dispose() => cache.Dispose();

    [Theory]
    [InlineData("opaque+token/==")]
    [InlineData(null)]
    public void A_listing_page_is_what_ListConnectorsResponse_serializes(string? nextToken)
    {
        var views = new RenderedViews(cache);
        var page = new RegistrationPage(
        [
            Summary("a", "Reads <tickets> & \"quotes\", ünïcode, \u2028 and \ud83d\ude00", 1),
            Summary("b", null, 3) with { ConnectorModes = null, ConnectorVersion = null },
        ], nextToken);

        // Twice: the second assembles the page from rendered details.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(
                JsonSerializer.Serialize(new ListConnectorsResponse { Connectors = ConnectorViews.Details(page), NextToken = nextToken }, AppFlowJsonContext.Default.ListConnectorsResponse),
                System.Text.Encoding.UTF8.GetString(views.List(page).Span));
        }
    }

    [Fact]
    public void An_empty_page_is_an_empty_list()
    {
        Assert.Equal("""{"connectors":[]}""", System.Text.Encoding.UTF8.GetString(new RenderedViews(cache).List(new RegistrationPage([], null)).Span));
    }

    [Fact]
    public void A_new_revision_or_a_new_registration_is_rendered_anew()
    {
        var views = new RenderedViews(cache);
        var first = Registration("id-1", 1, "first");
        Assert.Contains("\"first\"", Text(views.Describe(first)), StringComparison.Ordinal);
        Assert.Equal(
            JsonSerializer.Serialize(new DescribeConnectorResponse { ConnectorConfiguration = ConnectorViews.Configuration(first) }, AppFlowJsonContext.Default.DescribeConnectorResponse),
            Text(views.Describe(first)));

        Assert.Contains("\"second\"", Text(views.Describe(Registration("id-1", 2, "second"))), StringComparison.Ordinal);
        Assert.Contains("\"again\"", Text(views.Describe(Registration("id-2", 1, "again"))), StringComparison.Ordinal);
        Assert.Contains("\"first\"", Text(views.Describe(first)), StringComparison.Ordinal);

        var listed = new RegistrationPage([Summary("a", "one", 1)], null);
        Assert.Contains("\"one\"", Text(views.List(listed).ToArray()), StringComparison.Ordinal);
        Assert.Contains("\"two\"", Text(views.List(new RegistrationPage([Summary("a", "two", 2)], null)).ToArray()), StringComparison.Ordinal);

        static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public void A_page_storage_keeps_is_rendered_once_for_as_long_as_it_is_kept_and_its_token_is_the_same()
    {
        var views = new RenderedViews(cache);
        var kept = new KeptRows([Summary("a", "one", 1), Summary("b", "two", 1), Summary("c", "three", 1)]);
        var first = views.List(new RegistrationPage(kept.Take(2).ToList(), "token-1", kept));
        var again = views.List(new RegistrationPage(kept.Take(2).ToList(), "token-1", kept));
        Assert.True(first.Equals(again), "the kept page's body is answered again, not rendered anew");
        Assert.Equal(
            JsonSerializer.Serialize(new ListConnectorsResponse { Connectors = ConnectorViews.Details(new RegistrationPage(kept.Take(2).ToList(), null)), NextToken = "token-1" },
                AppFlowJsonContext.Default.ListConnectorsResponse),
            System.Text.Encoding.UTF8.GetString(again.Span));

        // Another token (another operation's) over the same rows, and other rows: rendered for what they are.
        Assert.Contains("token-2", System.Text.Encoding.UTF8.GetString(views.List(new RegistrationPage(kept.Take(2).ToList(), "token-2", kept)).Span), StringComparison.Ordinal);
        var other = new KeptRows([Summary("a", "changed", 2)]);
        Assert.Contains("changed", System.Text.Encoding.UTF8.GetString(views.List(new RegistrationPage(other, null, other)).Span), StringComparison.Ordinal);
    }

    private static ConnectorSummary Summary(string label, string? description, long revision) => new(
        label, description, "LAMBDA", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "arn:aws:iam::123456789012:root",
        "Name", "Owner", "1.0", ["SOURCE", "DESTINATION"], ["BATCH"], $"id-{label}", revision);

    private static ConnectorRegistration Registration(string id, long revision, string description) => new(
        new RegistryScope("123456789012", "us-east-1"), id, revision, "label", "arn:aws:appflow:us-east-1:123456789012:connector/label", description,
        "LAMBDA", "arn:aws:lambda:us-east-1:123456789012:function:f", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        "arn:aws:iam::123456789012:root", new ConnectorConfiguration { ConnectorName = "Name", ConnectorVersion = "1.0" });
}
