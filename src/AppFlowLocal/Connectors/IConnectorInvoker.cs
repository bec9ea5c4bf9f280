using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>Asks a custom connector (its Lambda function) to describe itself and to validate its connector profiles.</summary>
internal interface IConnectorInvoker
{
    /// <summary>
    /// Invokes the function with a DescribeConnectorConfigurationRequest and maps its answer into the
    /// connector-supplied members of the API's ConnectorConfiguration.
    /// </summary>
    /// <exception cref="AppFlowException">Every failure, already mapped to the error the caller gets (SPEC.md, "Connector Lambda").</exception>
    Task<ConnectorConfiguration> DescribeConnectorConfigurationAsync(string lambdaArn, CancellationToken cancellationToken);

    /// <summary>
    /// Invokes the function as a registration would and reports every problem of its answer at once:
    /// what registration refuses as errors, what AWS flags but accepts as warnings. Never throws for
    /// the function's faults; they are the report's errors.
    /// </summary>
    Task<ConnectorCheckReport> CheckConnectorConfigurationAsync(string lambdaArn, CancellationToken cancellationToken);

    /// <summary>
    /// Has the connector validate a new profile, as AppFlow does and in its order: the CONNECTOR_PROFILE
    /// runtime settings (ValidateConnectorRuntimeSettingsRequest), then the credentials (ValidateCredentialsRequest).
    /// </summary>
    /// <exception cref="AppFlowException">The connector refused, or could not be asked (SPEC.md, "Connector Lambda").</exception>
    Task ValidateConnectorProfileAsync(string lambdaArn, ConnectorProfileCheck check, CancellationToken cancellationToken);

    /// <summary>Asks the connector for one page of its entities (ListEntitiesRequest) and maps them to the API's.</summary>
    /// <exception cref="AppFlowException">The connector refused, or could not be asked (SPEC.md, "Connector Lambda").</exception>
    Task<EntityPage> ListEntitiesAsync(string lambdaArn, ConnectorContext context, string? entitiesPath, string? nextToken, int? maxResults,
        CancellationToken cancellationToken);

    /// <summary>Asks the connector to describe one entity (DescribeEntityRequest) and maps its fields to the API's.</summary>
    /// <exception cref="AppFlowException">The connector refused, or could not be asked (SPEC.md, "Connector Lambda").</exception>
    Task<List<ConnectorEntityField>> DescribeEntityAsync(string lambdaArn, ConnectorContext context, string entityIdentifier, CancellationToken cancellationToken);
}
