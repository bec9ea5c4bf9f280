using System.Globalization;

namespace SampleConnector.Handlers;

/// <summary>
/// The nextToken of ListEntities and QueryData: the offset of the next page. The data is small and
/// in memory, so an offset is enough; a token the connector did not issue is the caller's mistake.
/// </summary>
internal static class PageToken
{
    public static string? For(int offset, int total) => offset < total ? offset.ToString(CultureInfo.InvariantCulture) : null;

    public static bool TryRead(string? token, out int offset)
    {
        offset = 0;
        return string.IsNullOrEmpty(token) || (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset >= 0);
    }
}
