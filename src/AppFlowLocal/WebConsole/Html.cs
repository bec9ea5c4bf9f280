using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// Writes a console page. Everything that came from a client or a connector goes through <see cref="Text"/>
/// or an attribute value, both HTML-encoded; only the pages' own markup is written raw.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder text = new();

    /// <summary>The page's own markup, never a value from outside.</summary>
    public Html Raw(string markup)
    {
        text.Append(markup);
        return this;
    }

    public Html Text(string? value)
    {
        text.Append(HtmlEncoder.Default.Encode(value ?? ""));
        return this;
    }

    /// <summary>An opening tag with a class, or none.</summary>
    public Html Open(string tag, string? cssClass = null) =>
        cssClass is null ? Raw($"<{tag}>") : Raw($"<{tag} class=\"{cssClass}\">");

    public Html Close(string tag) => Raw($"</{tag}>");

    public Html Element(string tag, string? value, string? cssClass = null) => Open(tag, cssClass).Text(value).Close(tag);

    public Html Link(string href, string? value, string? cssClass = null)
    {
        Raw("<a href=\"").Text(href).Raw("\"");
        if (cssClass is not null)
        {
            Raw($" class=\"{cssClass}\"");
        }

        return Raw(">").Text(value).Raw("</a>");
    }

    /// <summary>A panel of the page with its heading; closed with &lt;/section&gt;.</summary>
    public Html Section(string cssClass, string title) => Raw($"<section class=\"panel {cssClass}\">").Element("h2", title);

    /// <summary>A table's opening and its header row; the rows follow, then &lt;/tbody&gt;&lt;/table&gt;.</summary>
    public Html TableHead(params string[] columns)
    {
        Raw("<table><thead><tr>");
        foreach (var column in columns)
        {
            Element("th", column);
        }

        return Raw("</tr></thead><tbody>");
    }

    /// <summary>A definition-list row; an absent value shows as a dash.</summary>
    public Html Row(string term, string? value) => Element("dt", term).Element("dd", string.IsNullOrEmpty(value) ? "—" : value);

    /// <summary>A definition-list row of values shown as tags.</summary>
    public Html Row(string term, IEnumerable<string>? values)
    {
        Element("dt", term).Open("dd");
        var any = false;
        foreach (var value in values ?? [])
        {
            Element("span", value, "tag");
            any = true;
        }

        return (any ? this : Text("—")).Close("dd");
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string YesNo(bool? value) => value == true ? "Yes" : "No";

    public override string ToString() => text.ToString();
}
