using AppFlowLocal.Model;
using AppFlowLocal.Registry;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Api;

/// <summary>AppFlow Local emulates custom connectors only; AWS-managed connector types are refused by name.</summary>
internal static class ManagedConnectorTypes
{
    public static void RefuseIn<T>(ParsedRequest<T> parsed, string path, IEnumerable<string>? types)
    {
        var managed = (types ?? []).Where(t => t != ConnectorRegistry.CustomConnectorType && AppFlowModel.ConnectorType.Enum!.Contains(t)).Distinct().ToList();
        if (managed.Count > 0)
        {
            parsed.Violate(ConstraintValidator.Clause(QuotedValue.Quote(string.Join(", ", managed)), path,
                $"Member must be {ConnectorRegistry.CustomConnectorType}: AppFlow Local serves custom connectors only, not AWS-managed connector types"));
        }
    }
}
