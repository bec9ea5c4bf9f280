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
/// <remarks>
/// Logins are bounded per access key (<c>Console:SessionsPerAccessKey</c>), not in total: a key logging in
/// in a loop ends only its own oldest logins, never another key's. Only a configured credential can log
/// in, so the whole is bounded too, by that many per configured credential.
/// </remarks>
internal sealed class ConsoleSessions(IOptions<ConsoleOptions> options, TimeProvider time)
{
    public const string CookieName = "appflow-console";

    private readonly ConcurrentDictionary<string, ConsoleSession> sessions = new(StringComparer.Ordinal);

    // Each key's session ids, oldest first; guarded by itself. Logins are rare: one lock is enough.
    private readonly Dictionary<string, Queue<string>> byAccessKey = new(StringComparer.Ordinal);

    /// <summary>How many logins are held (tests: the bound holds).</summary>
    internal int Count => sessions.Count;

    public ConsoleSession Start(string account, string accessKeyId)
    {
        var now = time.GetUtcNow();
        var limit = options.Value.SessionsPerAccessKey;
        var session = new ConsoleSession(Base64Url(RandomNumberGenerator.GetBytes(32)), account, accessKeyId, now + options.Value.SessionLifetime);
        lock (byAccessKey)
        {
            if (!byAccessKey.TryGetValue(accessKeyId, out var own))
            {
                own = new Queue<string>();
                byAccessKey[accessKeyId] = own;
            }

            // Ended, expired or already gone ids first; then, if the key is still at its limit, its oldest.
            var live = new Queue<string>(own.Count + 1);
            foreach (var id in own)
            {
                if (sessions.TryGetValue(id, out var held) && held.ExpiresAt > now)
                {
                    live.Enqueue(id);
                }
                else
                {
                    sessions.TryRemove(id, out _);
                }
            }

            while (live.Count >= limit)
            {
                sessions.TryRemove(live.Dequeue(), out _);
            }

            live.Enqueue(session.Id);
            byAccessKey[accessKeyId] = live;
            sessions[session.Id] = session;
        }

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

    /// <summary>Ends a login; its id leaves its key's queue at that key's next login.</summary>
    public void End(string id) => sessions.TryRemove(id, out _);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
