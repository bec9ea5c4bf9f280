using System.Globalization;
using System.Text.Json.Nodes;

namespace SampleConnector.Crm;

/// <summary>
/// The sample CRM's records, in memory. Each HTTP-mode process keeps its writes for its lifetime; each
/// <c>--stdin</c> invocation is a new process and starts again from the seed data.
/// A record is never changed in place: a write replaces it, so a reader's snapshot stays as it was read.
/// </summary>
internal sealed class CrmStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<JsonObject>> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> lastId = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    public CrmStore(TimeProvider time)
    {
        this.time = time;
        foreach (var entity in CrmSchema.Entities)
        {
            records[entity.Identifier] = [];
            lastId[entity.Identifier] = 0;
        }

        CrmSeed.Fill(this);
    }

    public IReadOnlyList<JsonObject> All(CrmEntity entity)
    {
        lock (gate)
        {
            return [.. records[entity.Identifier]];
        }
    }

    /// <summary>Runs <paramref name="change"/> alone: a batch of writes sees and leaves a consistent store.</summary>
    public T Change<T>(Func<CrmStore.Editor, T> change)
    {
        lock (gate)
        {
            return change(new Editor(this));
        }
    }

    /// <summary>The store while a change holds it.</summary>
    internal readonly struct Editor(CrmStore store)
    {
        public List<JsonObject> Records(CrmEntity entity) => store.records[entity.Identifier];

        public string NextId(CrmEntity entity)
        {
            var next = ++store.lastId[entity.Identifier];
            return entity.IdPrefix + next.ToString("D4", CultureInfo.InvariantCulture);
        }

        /// <summary>Keeps generated identifiers clear of ones a writer chose.</summary>
        public void Reserve(CrmEntity entity, string id)
        {
            if (id.StartsWith(entity.IdPrefix, StringComparison.Ordinal) &&
                int.TryParse(id.AsSpan(entity.IdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number) &&
                number > store.lastId[entity.Identifier])
            {
                store.lastId[entity.Identifier] = number;
            }
        }

        public string Now() => store.time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
