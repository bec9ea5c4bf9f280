using SampleConnector.Protocol;

namespace SampleConnector.Handlers;

/// <summary>Checks shared by every handler that receives a connectorContext.</summary>
internal static class Context
{
    public const string ApiVersion = "v1";

    /// <summary>
    /// Both SDKs require connectorContext and its apiVersion (the Java SDK refuses a null one), so their
    /// absence is a malformed event. An API version the connector does not support is the caller's
    /// mistake, answered as InvalidArgument.
    /// </summary>
    public static ErrorDetails? Check(ConnectorContext? context, string requestType)
    {
        if (context is null)
        {
            throw new ConnectorRequestException($"{requestType} is missing required member connectorContext");
        }

        if (string.IsNullOrEmpty(context.ApiVersion))
        {
            throw new ConnectorRequestException($"{requestType} is missing required member connectorContext.apiVersion");
        }

        return context.ApiVersion == ApiVersion
            ? null
            : new ErrorDetails(ErrorCodes.InvalidArgument, $"apiVersion '{context.ApiVersion}' is not supported; the supported versions are: {ApiVersion}");
    }

    public static string Require(string? value, string member, string requestType) =>
        string.IsNullOrEmpty(value) ? throw new ConnectorRequestException($"{requestType} is missing required member {member}") : value;

    public static ErrorDetails Invalid(string message) => new(ErrorCodes.InvalidArgument, message);
}
