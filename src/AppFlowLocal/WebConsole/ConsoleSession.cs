namespace AppFlowLocal.WebConsole;

/// <summary>One console login in sigv4 mode: the opaque id its cookie carries, whose account it shows, until when.</summary>
internal sealed record ConsoleSession(string Id, string Account, string AccessKeyId, DateTimeOffset ExpiresAt);
