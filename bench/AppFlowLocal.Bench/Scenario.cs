namespace AppFlowLocal.Bench;

/// <summary>One kind of request, repeated under load. <see cref="NextRequest"/> gets the worker's running index.</summary>
internal sealed record Scenario(string Name, Uri BaseAddress, Func<long, HttpRequestMessage> NextRequest);
