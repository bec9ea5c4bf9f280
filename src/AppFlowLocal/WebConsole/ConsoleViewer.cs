using AppFlowLocal.Registry;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// Who is looking at the console: in <c>open</c> mode anyone, who sees every account; in <c>sigv4</c> mode
/// the account of the credential that logged in, in every region, and nothing else.
/// </summary>
/// <param name="Account">The only account shown; null for every account.</param>
/// <param name="Session">The login in sigv4 mode; null in open mode.</param>
internal sealed record ConsoleViewer(string? Account, ConsoleSession? Session)
{
    public static readonly ConsoleViewer Everyone = new(null, null);

    public bool Sees(string account) => Account is null || Account == account;

    /// <summary>The registry's caller for reading a scope the viewer sees; reads never use its ARN.</summary>
    public static Caller ReaderOf(RegistryScope scope) => new(scope.Account, scope.Region, $"arn:aws:iam::{scope.Account}:root");
}
