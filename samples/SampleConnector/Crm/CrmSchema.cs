namespace SampleConnector.Crm;

/// <summary>
/// The sample CRM's entities: Account and Contact at the top, Opportunity inside the Sales folder, so that
/// ListEntities shows both a flat list and the SDKs' hierarchy (hasNestedEntities, entitiesPath).
/// </summary>
internal static class CrmSchema
{
    public static readonly IReadOnlyList<string> Industries = ["Software", "Retail", "Manufacturing", "Healthcare"];

    public static readonly IReadOnlyList<string> Stages = ["Prospecting", "Negotiation", "ClosedWon", "ClosedLost"];

    public static readonly CrmEntity Account = new("Account", "Account", "A customer company", Writable: true, IdPrefix: "ACC-",
    [
        new("Id", "String", "Account ID", "Identifier assigned on insert", IsPrimaryKey: true, Nullable: false),
        new("Name", "String", "Account name", "Legal name of the company", RequiredOnInsert: true, Nullable: false, MaxLength: 80),
        new("Industry", "String", "Industry", "Main industry of the company", AllowedValues: Industries),
        new("Employees", "Integer", "Employees", "Number of employees"),
        new("AnnualRevenue", "Double", "Annual revenue", "Revenue of the last year in USD"),
        new("IsActive", "Boolean", "Active", "Whether the account is a current customer"),
        new("CustomerSince", "Date", "Customer since", "Date of the first contract"),
        new("LastModified", "DateTime", "Last modified", "When the record last changed in UTC", Writable: false, IsIncrementalTimestamp: true),
    ]);

    public static readonly CrmEntity Contact = new("Contact", "Contact", "A person at a customer company", Writable: true, IdPrefix: "CON-",
    [
        new("Id", "String", "Contact ID", "Identifier assigned on insert", IsPrimaryKey: true, Nullable: false),
        new("AccountId", "String", "Account ID", "The account the contact works for", RequiredOnInsert: true, Nullable: false),
        new("FirstName", "String", "First name", "Given name", MaxLength: 40),
        new("LastName", "String", "Last name", "Family name", RequiredOnInsert: true, Nullable: false, MaxLength: 80),
        new("Email", "String", "Email", "Work email address", MaxLength: 120),
        new("BirthDate", "Date", "Birth date", "Date of birth"),
        new("LastModified", "DateTime", "Last modified", "When the record last changed in UTC", Writable: false, IsIncrementalTimestamp: true),
    ]);

    public static readonly CrmEntity Opportunity = new("Sales/Opportunity", "Opportunity", "A deal in progress - read only", Writable: false, IdPrefix: "OPP-",
    [
        new("Id", "String", "Opportunity ID", "Identifier of the deal", IsPrimaryKey: true, Nullable: false),
        new("AccountId", "String", "Account ID", "The account the deal is with", Nullable: false),
        new("Name", "String", "Name", "Short name of the deal", Nullable: false),
        new("Amount", "BigDecimal", "Amount", "Expected value in USD"),
        new("Probability", "Float", "Probability", "Chance of winning between 0 and 1"),
        new("Stage", "String", "Stage", "Sales stage", AllowedValues: Stages),
        new("CloseDate", "Date", "Close date", "Expected closing date"),
        new("LastModified", "DateTime", "Last modified", "When the record last changed in UTC", Writable: false, IsIncrementalTimestamp: true),
    ]);

    public static readonly CrmFolder Sales = new("Sales", "Sales", "Sales pipeline entities");

    public static IReadOnlyList<CrmEntity> Entities { get; } = [Account, Contact, Opportunity];

    public static IReadOnlyList<CrmFolder> Folders { get; } = [Sales];

    public static CrmEntity? Find(string identifier) =>
        Entities.FirstOrDefault(entity => string.Equals(entity.Identifier, identifier, StringComparison.Ordinal));

    public static bool IsFolder(string path) => Folders.Any(folder => string.Equals(folder.Path, path, StringComparison.Ordinal));

    /// <summary>What sits directly under <paramref name="path"/> (the top when null): folders first, then entities, each by name.</summary>
    public static IReadOnlyList<(string Identifier, string Label, string Description, bool IsFolder, bool Writable)> Children(string? path)
    {
        var prefix = string.IsNullOrEmpty(path) ? "" : path + "/";
        static bool DirectlyUnder(string identifier, string prefix) =>
            identifier.StartsWith(prefix, StringComparison.Ordinal) && !identifier.AsSpan(prefix.Length).Contains('/');

        return
        [
            .. Folders.Where(folder => DirectlyUnder(folder.Path, prefix)).OrderBy(folder => folder.Path, StringComparer.Ordinal)
                .Select(folder => (folder.Path, folder.Label, folder.Description, true, false)),
            .. Entities.Where(entity => DirectlyUnder(entity.Identifier, prefix)).OrderBy(entity => entity.Identifier, StringComparer.Ordinal)
                .Select(entity => (entity.Identifier, entity.Label, entity.Description, false, entity.Writable)),
        ];
    }
}
