using SampleConnector.Crm;
using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>Looks an entityIdentifier up, or says why it names no entity.</summary>
internal static class Entities
{
    public static CrmEntity? Find(string identifier, out ErrorDetails? problem)
    {
        problem = null;
        if (CrmSchema.Find(identifier) is { } entity)
        {
            return entity;
        }

        problem = Context.Invalid(CrmSchema.IsFolder(identifier)
            ? $"'{identifier}' is a folder, not an entity: list it with ListEntities and entitiesPath '{identifier}'"
            : $"{ConfigurationHandler.ConnectorName} has no entity '{identifier}'; entities: {string.Join(", ", CrmSchema.Entities.Select(e => e.Identifier))}");
        return null;
    }
}
