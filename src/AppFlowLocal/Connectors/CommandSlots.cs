using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Connectors;

/// <summary>
/// Bounds how many processes of one <c>cmd:</c> function run at once (Lambda:CommandConcurrency), as
/// Lambda bounds a function's concurrency: a burst of calls must not start a process each and exhaust
/// the machine. A call over the bound waits for a process to end, up to Lambda:Timeout, then is
/// throttled as Lambda throttles a function at its concurrency limit. The wait is part of the call's
/// Lambda:Timeout: its function runs for what is left of it.
/// </summary>
internal sealed partial class CommandSlots(IOptions<LambdaOptions> options, ILogger<CommandSlots>? logger = null)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.Ordinal);

    /// <returns>The slot, to dispose when the function's processes are gone.</returns>
    public async Task<IDisposable> TakeAsync(LambdaFunctionArn function, FunctionBinding binding, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // One bound per binding: the functions one binding names run the same command.
        var slot = slots.GetOrAdd(binding.Key, static (_, count) => new SemaphoreSlim(count, count), settings.CommandConcurrency);
        if (slot.Wait(0, CancellationToken.None))
        {
            return new Taken(slot);
        }

        // Said once per waiting call: an operator seeing these often raises the bound or speeds the function up.
        if (logger is not null)
        {
            LogWaiting(logger, function.Value, settings.CommandConcurrency);
        }

        if (!await slot.WaitAsync(settings.Timeout, cancellationToken).ConfigureAwait(false))
        {
            throw ConnectorFailure.Throttled(
                $"Connector function {function} is throttled: {settings.CommandConcurrency.ToString(CultureInfo.InvariantCulture)} of its processes were running " +
                $"for all of {settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (Lambda:CommandConcurrency, Lambda:Timeout).");
        }

        return new Taken(slot);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector function {FunctionArn} waits for one of its {Concurrency} running processes to end (Lambda:CommandConcurrency)")]
    private static partial void LogWaiting(ILogger logger, string functionArn, int concurrency);

    private sealed class Taken(SemaphoreSlim slot) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slot.Release();
            }
        }
    }
}
