using System.ComponentModel.DataAnnotations;

namespace AppFlowLocal.Storage;

/// <summary>Where the registry lives (section "Storage").</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Sqlite" (embedded, the default).</summary>
    [RegularExpression("^(?i:sqlite)$", ErrorMessage = "Storage:Provider must be 'Sqlite'.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>A SQLite connection string ("Data Source=path") or just a file path.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:ConnectionString must name the database.")]
    public string ConnectionString { get; set; } = "Data Source=data/appflow-local.db";
}
