using System.Collections.Concurrent;
using AppFlowLocal.Model;
using AppFlowLocal.Storage;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Registry;

/// <summary>
/// Makes a tokened call run at most once (SPEC.md, "clientToken"): a live token with the same
/// parameters replays the first response; with other parameters it is a conflict; concurrent calls
/// with one token wait for the first and share its outcome. Only successes are remembered.
/// </summary>
internal sealed class IdempotencyLedger(IRegistryStore store, TimeProvider time, IOptions<RegistryOptions> options)
{
    private readonly ConcurrentDictionary<IdempotencyKey, InFlight> inFlight = new();

    /// <param name="work">Runs the call. It hands <c>claim.Complete(response)</c> to the store with its write,
    /// and throws <see cref="TokenTakenException"/> when the store answers <see cref="StoreWriteOutcome.TokenTaken"/>.</param>
    public async Task<string> RunAsync(
        IdempotencyKey key,
        string requestHash,
        Func<IdempotencyClaim, CancellationToken, Task<string>> work,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await RememberedAsync(key, requestHash, cancellationToken) is { } replay)
            {
                return replay;
            }

            var mine = new InFlight(requestHash);
            var running = inFlight.GetOrAdd(key, mine);
            if (running != mine)
            {
                if (running.RequestHash == requestHash)
                {
                    try
                    {
                        return await running.Outcome.Task.WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The first call was abandoned (its client left, or another node won the token): try again.
                        continue;
                    }
                }

                // Another call with other parameters holds the token: its outcome decides between a
                // conflict (it succeeded) and our own run (it failed, so nothing was remembered).
                await running.Outcome.Task.ContinueWith(static _ => { }, CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                // A call that finished between our look-up and our claim has left its record behind.
                var response = await RememberedAsync(key, requestHash, cancellationToken)
                    ?? await work(NewClaim(key, requestHash), cancellationToken);
                mine.Outcome.SetResult(response);
                return response;
            }
            catch (TokenTakenException)
            {
                // Another node committed this token first: retry, which replays or conflicts.
                mine.Outcome.SetCanceled(CancellationToken.None);
            }
            catch (Exception e)
            {
                mine.Outcome.SetException(e);
                throw;
            }
            finally
            {
                inFlight.TryRemove(new KeyValuePair<IdempotencyKey, InFlight>(key, mine));
            }
        }
    }

    private IdempotencyClaim NewClaim(IdempotencyKey key, string requestHash)
    {
        var now = time.GetUtcNow();
        return new IdempotencyClaim(key, requestHash, now, now - options.Value.IdempotencyLifetime);
    }

    private async Task<string?> RememberedAsync(IdempotencyKey key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await store.FindTokenAsync(key, time.GetUtcNow() - options.Value.IdempotencyLifetime, cancellationToken);
        if (record is null)
        {
            return null;
        }

        return record.RequestHash == requestHash
            ? record.Response
            : throw new AppFlowException(AwsErrorCode.ConflictException,
                $"The clientToken '{key.Token}' was already used for a {key.Operation} request with different parameters. " +
                "Use a new clientToken for a different request.");
    }

    private sealed class InFlight(string requestHash)
    {
        public string RequestHash { get; } = requestHash;

        public TaskCompletionSource<string> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
