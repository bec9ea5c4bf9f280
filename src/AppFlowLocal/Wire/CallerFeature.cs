using AppFlowLocal.Registry;

namespace AppFlowLocal.Wire;

/// <summary>
/// The caller <see cref="CallerAuthentication"/> established for a request, kept on it for the
/// operation and for whatever else is hung on the route group after authentication (throttling).
/// </summary>
internal sealed class CallerFeature(Caller caller)
{
    public Caller Caller { get; } = caller;
}
