namespace AppFlowLocal.Model;

internal sealed class ListConnectorsRequest
{
    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
