namespace AppFlowLocal.Model;

internal sealed class SourceFieldProperties
{
    public bool? IsRetrievable { get; init; }

    public bool? IsQueryable { get; init; }

    public bool? IsTimestampFieldForIncrementalQueries { get; init; }
}
