namespace AppFlowLocal.Storage;

/// <summary>What a store answered when asked, with a real query, whether it can serve.</summary>
/// <param name="Provider">"sqlite" or "postgres".</param>
/// <param name="SchemaVersion">The schema version the database holds now.</param>
/// <param name="ExpectedSchemaVersion">The version this server migrates to; anything else cannot serve.</param>
internal sealed record StorageReadiness(string Provider, long SchemaVersion, int ExpectedSchemaVersion)
{
    public bool IsReady => SchemaVersion == ExpectedSchemaVersion;
}
