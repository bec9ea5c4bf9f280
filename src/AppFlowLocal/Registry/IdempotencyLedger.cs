using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using AppFlowLocal.Model;
using AppFlowLocal.Observability;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// Makes a tokened call run at most once (README, "Retries, concurrent changes and what the server guarantees"). The token is decided before
/// anything else: a live token with the same parameters replays the first response; with other
/// parameters it is a conflict; a token that a running call holds makes later calls wait for that
/// call and share its outcome. The hold is a claim in storage, so this holds across nodes over one
/// database; calls on one node also share the outcome in memory, failures included. Only successes
/// are remembered. What is stored of the parameters is keyed (<see cref="RequestFingerprints"/>).
/// </summary>
/// <param name="claimBeforeLooking">Claims without looking first (<see cref="IRegistryStore.ClaimsBeforeLooking"/>, the default);
/// the tests run both ways over one store.</param>
internal sealed class IdempotencyLedger(IRegistryStore store, RunningOperations operations, TimeProvider time, IOptions<RegistryOptions> options,
    RequestFingerprints fingerprints, bool? claimBeforeLooking = null)
{
    private readonly bool claimFirst = claimBeforeLooking ?? store.ClaimsBeforeLooking;

    // Waiting for a call on another node means looking again: soon at first, then less often.
    private static readonly TimeSpan FirstLook = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestLook = TimeSpan.FromMilliseconds(250);

    // Past this many tokens decided lately the set starts again rather than grow.
    private const int DecidedLatelyLimit = 4096;

    private readonly ConcurrentDictionary<IdempotencyKey, InFlight> inFlight = new();

    // Tokens this node ran or replayed lately: a call that brings one again is most likely a retry.
    private readonly ConcurrentDictionary<IdempotencyKey, byte> decided = new();
    private int decidedCount;

    /// <summary>
    /// Whether a call with <paramref name="key"/> succeeded on this node lately (ran or replayed). Only a hint, for
    /// what is worth fetching before the token is decided: the claim, not this, decides.
    /// </summary>
    public bool DecidedLately(IdempotencyKey key) => decided.ContainsKey(key);

    /// <param name="requestHash">The request's plain fingerprint (<c>RestJson.Fingerprint</c>); only its keyed form is stored.</param>
    /// <param name="lease">The longest the call can take (invocation and commit): others wait that long for it before taking the token over.</param>
    /// <param name="work">Runs the call, detached from <paramref name="cancellationToken"/>. It hands <c>claim.Complete(response)</c> to the
    /// store with its write, and throws <see cref="TokenTakenException"/> when the store answers <see cref="StoreWriteOutcome.TokenTaken"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the caller left); the call itself still runs to its end.</param>
    public async Task<string> RunAsync(
        IdempotencyKey key,
        string requestHash,
        TimeSpan lease,
        Func<IdempotencyClaim, Task<string>> work,
        CancellationToken cancellationToken)
    {
        var fingerprint = new Fingerprint(requestHash, fingerprints.Of(requestHash));
        var look = FirstLook;
        while (true)
        {
            if (inFlight.TryGetValue(key, out var running))
            {
                if (running.Fingerprint.Keyed == fingerprint.Keyed)
                {
                    // Same call on this node: its outcome is ours, failure included. Null means it lost the token: look again.
                    if (await running.Outcome.WaitAsync(cancellationToken) is { } shared)
                    {
                        AppFlowMetrics.Replayed(key.Operation);
                        return Decided(key, shared);
                    }
                }
                else
                {
                    // Other parameters: whether this is a conflict depends on whether that call succeeds.
                    await running.Settled.WaitAsync(cancellationToken);
                }

                continue;
            }

            // Looked at first where a claim is a write; where it is not, the claim answers what a look would.
            var held = claimFirst ? null : await store.FindTokenAsync(key, cancellationToken);
            if (held is null || !IsLive(held, time.GetUtcNow()))
            {
                var mine = new InFlight(fingerprint);
                if (!inFlight.TryAdd(key, mine))
                {
                    continue;
                }

                (var response, held) = await operations.Run(() => RunClaimedAsync(key, fingerprint, lease, mine, work)).WaitAsync(cancellationToken);
                if (response is not null)
                {
                    return Decided(key, response);
                }
            }

            if (held is { } record && IsLive(record, time.GetUtcNow()))
            {
                if (record.State == TokenState.Done)
                {
                    return Decided(key, Replay(record, fingerprint));
                }

                // Another node runs this token. Real time, not the injected clock: this waits for another party.
                await Task.Delay(look, cancellationToken);
                look = look * 2 < LongestLook ? look * 2 : LongestLook;
            }
        }
    }

    /// <summary>Notes that a call with <paramref name="key"/> succeeded here (<see cref="DecidedLately"/>); returns its response.</summary>
    private string Decided(IdempotencyKey key, string response)
    {
        // Counted here: ConcurrentDictionary's Count takes every one of its locks, and this runs on every replay.
        if (decided.TryAdd(key, 0) && Interlocked.Increment(ref decidedCount) > DecidedLatelyLimit)
        {
            decided.Clear();
            Volatile.Write(ref decidedCount, 0);
        }

        return response;
    }

    /// <returns>The response, or none when the token turned out to be held by another call (look again), with the record that holds it if the claim said.</returns>
    private async Task<(string? Response, IdempotencyRecord? Held)> RunClaimedAsync(
        IdempotencyKey key,
        Fingerprint fingerprint,
        TimeSpan lease,
        InFlight mine,
        Func<IdempotencyClaim, Task<string>> work)
    {
        string? response = null;
        IdempotencyRecord? held = null;
        ExceptionDispatchInfo? failure = null;
        try
        {
            var now = time.GetUtcNow();
            var claim = new IdempotencyClaim(key, fingerprint.Keyed, Guid.NewGuid().ToString("N"), now, now + lease, now - options.Value.IdempotencyLifetime);
            if ((held = await store.ClaimTokenAsync(claim, CancellationToken.None)) is null)
            {
                try
                {
                    response = await work(claim);
                }
                catch (TokenTakenException)
                {
                    // The lease ran out and another call took the token over: its outcome is the one that counts.
                    response = null;
                }
                catch (Exception)
                {
                    await ReleaseAsync(claim);
                    throw;
                }
            }
            else if (held is { State: TokenState.Done } done && IsLive(done, now) && fingerprint.Matches(done.RequestHash))
            {
                // A replay, found by the claim: the calls on this node waiting for this one share it, rather
                // than each claiming in its turn.
                response = Replay(done, fingerprint);
            }
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        // Out of the map before the outcome is published: a caller told to look again must not find this call again.
        inFlight.TryRemove(new KeyValuePair<IdempotencyKey, InFlight>(key, mine));
        if (failure is not null)
        {
            mine.Fail(failure.SourceException);
            failure.Throw();
        }

        mine.Succeed(response);
        return (response, held);
    }

    private async Task ReleaseAsync(IdempotencyClaim claim)
    {
        try
        {
            await store.ReleaseTokenAsync(claim, CancellationToken.None);
        }
        catch (Exception)
        {
            // Storage is failing too; the claim's lease ends by itself and frees the token then.
        }
    }

    private bool IsLive(IdempotencyRecord record, DateTimeOffset now) => record.State == TokenState.Done
        ? record.CreatedAt >= now - options.Value.IdempotencyLifetime
        : record.LeaseUntil > now;

    private static string Replay(IdempotencyRecord record, Fingerprint fingerprint)
    {
        if (!fingerprint.Matches(record.RequestHash))
        {
            throw new AppFlowException(AwsErrorCode.ConflictException,
                $"The clientToken '{record.Key.Token}' was already used for a {record.Key.Operation} request with different parameters. " +
                "Use a new clientToken for a different request.");
        }

        AppFlowMetrics.Replayed(record.Key.Operation);
        return record.Response!;
    }

    /// <summary>A request's fingerprint in both forms: the keyed one is stored, the plain one matches rows stored before fingerprints were keyed.</summary>
    private readonly record struct Fingerprint(string Plain, string Keyed)
    {
        public bool Matches(string stored) => RequestFingerprints.Same(stored, Plain, Keyed);
    }

    private sealed class InFlight(Fingerprint fingerprint)
    {
        private readonly TaskCompletionSource<string?> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Fingerprint Fingerprint { get; } = fingerprint;

        public Task<string?> Outcome => outcome.Task;

        /// <summary>Completes when the call ends, however it ends.</summary>
        public Task Settled => outcome.Task.ContinueWith(static _ => { }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        public void Succeed(string? response) => outcome.SetResult(response);

        public void Fail(Exception exception)
        {
            outcome.SetException(exception);

            // Nobody may be waiting: do not let an unobserved failure reach the process's handler.
            _ = outcome.Task.Exception;
        }
    }
}
