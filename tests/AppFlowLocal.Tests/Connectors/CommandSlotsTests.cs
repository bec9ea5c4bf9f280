using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using Microsoft.Extensions.Options;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>Lambda:CommandConcurrency: a call over the bound waits for a slot up to Lambda:Timeout, then is throttled.</summary>
public sealed class CommandSlotsTests
{
    private static readonly FunctionBinding Binding = new("held", null, "python3 held.py");

    private static LambdaFunctionArn Function => LambdaFunctionArn.TryParse("arn:aws:lambda:us-east-1:123456789012:function:held", out var arn) ? arn : throw new InvalidOperationException();

    [Fact]
    public async Task A_call_over_the_bound_is_throttled_when_no_slot_frees_within_the_timeout()
    {
        var slots = new CommandSlots(Options.Create(new LambdaOptions { CommandConcurrency = 1, Timeout = TimeSpan.FromMilliseconds(100) }));
        var first = await slots.TakeAsync(Function, Binding, CancellationToken.None);

        // The slot is held throughout: however slow the machine, the wait ends in a throttle.
        var throttled = await Assert.ThrowsAsync<AppFlowException>(() => slots.TakeAsync(Function, Binding, CancellationToken.None));
        Assert.Equal(AwsErrorCode.ThrottlingException, throttled.Code);
        Assert.Contains("Lambda:CommandConcurrency", throttled.Message, StringComparison.Ordinal);
        first.Dispose();
    }

    [Fact]
    public async Task A_call_over_the_bound_runs_when_a_slot_frees()
    {
        var slots = new CommandSlots(Options.Create(new LambdaOptions { CommandConcurrency = 1, Timeout = TimeSpan.FromMinutes(5) }));
        var first = await slots.TakeAsync(Function, Binding, CancellationToken.None);
        var waiting = slots.TakeAsync(Function, Binding, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        first.Dispose();
        (await waiting).Dispose();
    }

    [Fact]
    public async Task Each_binding_has_its_own_bound()
    {
        var slots = new CommandSlots(Options.Create(new LambdaOptions { CommandConcurrency = 1, Timeout = TimeSpan.FromMilliseconds(100) }));
        using var held = await slots.TakeAsync(Function, Binding, CancellationToken.None);
        using var other = await slots.TakeAsync(Function, Binding with { Key = "other" }, CancellationToken.None);
    }
}
