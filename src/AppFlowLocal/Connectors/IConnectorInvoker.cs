using AppFlowLocal.Model;

namespace AppFlowLocal.Connectors;

/// <summary>Asks a custom connector (its Lambda function) to describe itself.</summary>
internal interface IConnectorInvoker
{
    /// <summary>
    /// Invokes the function with a DescribeConnectorConfigurationRequest and maps its answer into the
    /// connector-supplied members of the API's ConnectorConfiguration.
    /// </summary>
    /// <exception cref="AppFlowException">Every failure, already mapped to the error the caller gets (SPEC.md, "Connector Lambda").</exception>
    Task<ConnectorConfiguration> DescribeConnectorConfigurationAsync(string lambdaArn, CancellationToken cancellationToken);
}
