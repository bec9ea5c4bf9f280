using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Storage;

/// <summary>Where the registry lives (section "Storage"). Error messages follow the quoted value: "'' does not ...".</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (embedded, the default) or "Postgres" (one database under several nodes).</summary>
    [RegularExpression("^(?i:sqlite|postgres)$", ErrorMessage = "is not a storage provider this server has; the ones it has are Sqlite and Postgres")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>A SQLite connection string ("Data Source=path") or just a file path; for Postgres an Npgsql connection string.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "does not name a database, such as Data Source=data/appflow-local.db")]
    public string ConnectionString { get; set; } = "Data Source=data/appflow-local.db";

    /// <summary>How long start-up keeps trying to reach a database server before it refuses to start.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "is not between 00:00:00 and 01:00:00")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public static bool IsPostgres(string? provider) => string.Equals(provider, "postgres", StringComparison.OrdinalIgnoreCase);
}
