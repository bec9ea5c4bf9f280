namespace SampleConnector.Filtering;

/// <summary>A filterExpression the connector cannot apply; the message names the position (1-based) and what was expected.</summary>
internal sealed class FilterSyntaxException(string message) : Exception(message)
{
}
