using AppFlowLocal.Storage;

namespace AppFlowLocal.Registry;

/// <param name="Source">
/// The rows as storage answered them, when storage answers the same rows again until something commits
/// (SQLite): the page is a function of them, so what is made from it can be kept with them.
/// </param>
internal sealed record RegistrationPage(IReadOnlyList<ConnectorSummary> Items, string? NextToken, KeptRows? Source = null);
