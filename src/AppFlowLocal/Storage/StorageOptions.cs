using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Storage;

/// <summary>Where the registry lives (section "Storage"). Error messages follow the quoted value: "'' does not ...".</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (embedded, the default).</summary>
    [RegularExpression("^(?i:sqlite)$", ErrorMessage = "is not a storage provider this server has; the one it has is Sqlite")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>A SQLite connection string ("Data Source=path") or just a file path.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "does not name a database, such as Data Source=data/appflow-local.db")]
    public string ConnectionString { get; set; } = "Data Source=data/appflow-local.db";
}
