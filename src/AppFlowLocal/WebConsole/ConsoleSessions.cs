using System.Collections.Concurrent;
using System.Security.Cryptography;
using AppFlowLocal.Observability;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.WebConsole;

/// <summary>
/// Console logins, held in this node's memory: the browser holds only an unguessable id in an HttpOnly,
/// SameSite=Strict cookie, and the account it stands for never leaves the server. Each login ends after
/// <c>Console:SessionLifetime</c>, at logout, or when the server stops.
/// </summary>
internal sealed class ConsoleSessions(IOptions<ConsoleOptions> options, TimeProvider time)
{
    public const string CookieName = "appflow-console";

    /// <summary>Past this many live logins the ones closest to their end make room, so logging in in a loop cannot fill memory.</summary>
    private const int Limit = 10_000;

    private readonly ConcurrentDictionary<string, ConsoleSession> sessions = new(StringComparer.Ordinal);

    public ConsoleSession Start(string account, string accessKeyId)
    {
        var now = time.GetUtcNow();
        if (sessions.Count >= Limit)
        {
            foreach (var stale in sessions.Values.Where(s => s.ExpiresAt <= now).ToList())
            {
                sessions.TryRemove(stale.Id, out _);
            }

            foreach (var oldest in sessions.Values.OrderBy(s => s.ExpiresAt).Take(sessions.Count - Limit + 1).ToList())
            {
                sessions.TryRemove(oldest.Id, out _);
            }
        }

        var session = new ConsoleSession(Base64Url(RandomNumberGenerator.GetBytes(32)), account, accessKeyId, now + options.Value.SessionLifetime);
        sessions[session.Id] = session;
        return session;
    }

    /// <summary>The live session the cookie names; null for none, an unknown id or an expired one.</summary>
    public ConsoleSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || !sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.ExpiresAt <= time.GetUtcNow())
        {
            sessions.TryRemove(id, out _);
            return null;
        }

        return session;
    }

    public void End(string id) => sessions.TryRemove(id, out _);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
