namespace SampleConnector.Crm;

/// <summary>An entity of the sample CRM: its identifier is its path (<c>Sales/Opportunity</c>), as AppFlow passes it back.</summary>
internal sealed record CrmEntity(string Identifier, string Label, string Description, bool Writable, string IdPrefix, IReadOnlyList<CrmField> Fields)
{
    public CrmField PrimaryKey => Fields.First(candidate => candidate.IsPrimaryKey);

    public CrmField? Field(string name) => Fields.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.Ordinal));
}
