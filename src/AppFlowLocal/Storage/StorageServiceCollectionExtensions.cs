using AppFlowLocal.Storage.Postgres;
using AppFlowLocal.Storage.Sqlite;

namespace AppFlowLocal.Storage;

/// <summary>The one place the configured provider picks the store.</summary>
internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddRegistryStore(this IServiceCollection services, IConfiguration configuration)
    {
        // An unknown provider is refused at start-up by StorageOptions' validation; until then SQLite stands in.
        if (StorageOptions.IsPostgres(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"]))
        {
            services.AddSingleton<DatabaseHealth>();
            return services.AddSingleton<IRegistryStore, PostgresRegistryStore>();
        }

        return services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
    }
}
