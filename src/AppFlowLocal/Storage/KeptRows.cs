using System.Collections;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Storage;

/// <summary>
/// A listing page a store keeps and answers again, the same object, until something commits
/// (SQLite's recent reads): what is made from it can be kept with it, for exactly as long.
/// </summary>
internal sealed class KeptRows(IReadOnlyList<ConnectorSummary> rows) : IReadOnlyList<ConnectorSummary>
{
    public int Count => rows.Count;

    public ConnectorSummary this[int index] => rows[index];

    public IEnumerator<ConnectorSummary> GetEnumerator() => rows.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
