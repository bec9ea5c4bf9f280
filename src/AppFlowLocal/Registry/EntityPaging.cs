using System.Globalization;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;

namespace AppFlowLocal.Registry;

/// <summary>
/// ListConnectorEntities pages as AWS pages them: never more than maxResults entities (the model's maximum,
/// 10,000, when the caller gives none), whatever the connector answers. The connector is asked for maxResults
/// (its <c>maxResult</c>), but a connector may ignore that, so a page it made too long is cut, and the nextToken
/// says where the next page starts: the connector's token that page was asked with, and how many of its entities
/// were returned already. Every nextToken is this server's (<see cref="PageTokens"/>), bound to the account, the
/// profile and the entitiesPath, so a token is read back as issued or refused, never passed on as it came.
/// </summary>
internal static class EntityPaging
{
    private const string Operation = "ListConnectorEntities";

    /// <summary>Where a page starts: the connector's nextToken to ask with, and how many of its entities to skip.</summary>
    public readonly record struct Position(string? ConnectorToken, int Skip);

    /// <summary>The position <paramref name="nextToken"/> names, or the listing's start when there is none.</summary>
    public static Position Start(byte[] secret, RegistryScope scope, string profileName, string? entitiesPath, string? nextToken)
    {
        if (nextToken is null)
        {
            return new Position(null, 0);
        }

        // Issued by this server, so well formed: "skip" or "skip:connectorToken".
        var label = PageTokens.Read(secret, scope, Operation, nextToken, Context(profileName, entitiesPath));
        var colon = label.IndexOf(':', StringComparison.Ordinal);
        var skip = int.Parse(colon < 0 ? label : label[..colon], NumberStyles.None, CultureInfo.InvariantCulture);
        return new Position(colon < 0 ? null : label[(colon + 1)..], skip);
    }

    /// <summary>
    /// The page to return from what the connector answered at <paramref name="position"/>: at most
    /// <paramref name="maxResults"/> entities, and a nextToken when more follow here or at the connector.
    /// </summary>
    public static EntityPage Cut(byte[] secret, RegistryScope scope, string profileName, string? entitiesPath, string functionArn,
        Position position, EntityPage answer, int? maxResults)
    {
        var limit = maxResults ?? AppFlowModel.ListEntitiesMaxResults.Max!.Value;
        var rest = answer.Entities.Skip(position.Skip).ToList();
        if (rest.Count > limit)
        {
            return new EntityPage(rest[..limit], Issue(secret, scope, profileName, entitiesPath, functionArn, position with { Skip = position.Skip + limit }));
        }

        return new EntityPage(rest, answer.NextToken is null ? null : Issue(secret, scope, profileName, entitiesPath, functionArn, new Position(answer.NextToken, 0)));
    }

    private static string Issue(byte[] secret, RegistryScope scope, string profileName, string? entitiesPath, string functionArn, Position position)
    {
        var label = position.Skip.ToString(CultureInfo.InvariantCulture) + (position.ConnectorToken is null ? "" : ":" + position.ConnectorToken);
        var token = PageTokens.Issue(secret, scope, Operation, label, Context(profileName, entitiesPath));

        // A caller could not send a longer one back: the model's NextToken has a maximum.
        var max = AppFlowModel.NextToken.Max!.Value;
        return token.Length <= max
            ? token
            : throw ConnectorFailure.Server($"Connector function {functionArn} returned a ListEntitiesResponse whose nextToken has {position.ConnectorToken!.Length} " +
                $"characters: wrapped with its position, as every ListConnectorEntities nextToken is, it would be longer than the {max} a caller can send back");
    }

    // A profile name holds no line break, so the two parts cannot run into each other; an absent path differs from an empty one.
    private static string Context(string profileName, string? entitiesPath) => $"{profileName}\n{(entitiesPath is null ? "" : "/" + entitiesPath)}";
}
