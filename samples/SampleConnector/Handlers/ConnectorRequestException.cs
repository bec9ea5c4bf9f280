namespace SampleConnector.Handlers;

/// <summary>
/// An event the connector cannot read at all (no <c>type</c>, a missing required member, an enum value
/// the SDKs do not define). The official SDKs fail such events with an exception, which Lambda reports
/// as a function error; the sample does the same, with a message naming the member.
/// </summary>
internal sealed class ConnectorRequestException(string message) : Exception(message)
{
}
