namespace AppFlowLocal.Wire;

/// <summary>What a SigV4 signature covers: the request line as sent, the headers and the whole body.</summary>
/// <param name="Path">The path as it was sent, still percent-encoded.</param>
/// <param name="Query">The query as it was sent, with or without its '?'.</param>
internal sealed record SignedRequest(string Method, string Path, string Query, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);
