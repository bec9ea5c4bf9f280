namespace SampleConnector.Crm;

/// <summary>A category of entities: ListEntities shows it with hasNestedEntities and lists its content under its path.</summary>
internal sealed record CrmFolder(string Path, string Label, string Description);
