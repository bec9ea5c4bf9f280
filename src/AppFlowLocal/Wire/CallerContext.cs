using AppFlowLocal.Registry;

namespace AppFlowLocal.Wire;

/// <summary>How handlers and filters read the authenticated caller off a request.</summary>
internal static class CallerContext
{
    /// <summary>The request's caller; only routes behind <see cref="CallerAuthentication"/> have one.</summary>
    public static Caller GetCaller(this HttpContext context) =>
        context.Features.Get<CallerFeature>()?.Caller
        ?? throw new InvalidOperationException("The request has no caller: its route is not behind CallerAuthentication.");

    internal static void SetCaller(this HttpContext context, Caller caller) => context.Features.Set(new CallerFeature(caller));
}
