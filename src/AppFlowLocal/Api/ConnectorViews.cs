using AppFlowLocal.Model;
using AppFlowLocal.Registry;

namespace AppFlowLocal.Api;

/// <summary>How a registration is shown in the API's output shapes.</summary>
internal static class ConnectorViews
{
    public static ConnectorConfiguration Configuration(ConnectorRegistration registration) => registration.Configuration with
    {
        ConnectorType = ConnectorRegistry.CustomConnectorType,
        ConnectorLabel = registration.Label,
        ConnectorDescription = registration.Description,
        ConnectorArn = registration.Arn,
        ConnectorProvisioningType = registration.ProvisioningType,
        ConnectorProvisioningConfig = new ConnectorProvisioningConfig
        {
            Lambda = new LambdaConnectorProvisioningConfig { LambdaArn = registration.LambdaArn },
        },
        RegisteredAt = registration.RegisteredAt,
        RegisteredBy = registration.RegisteredBy,
    };

    public static ConnectorDetail Detail(ConnectorSummary summary) => new()
    {
        ConnectorDescription = summary.Description,
        ConnectorName = summary.ConnectorName,
        ConnectorOwner = summary.ConnectorOwner,
        ConnectorVersion = summary.ConnectorVersion,
        ConnectorType = ConnectorRegistry.CustomConnectorType,
        ConnectorLabel = summary.Label,
        RegisteredAt = summary.RegisteredAt,
        RegisteredBy = summary.RegisteredBy,
        ConnectorProvisioningType = summary.ProvisioningType,
        ConnectorModes = summary.ConnectorModes,
        SupportedDataTransferTypes = summary.SupportedDataTransferTypes,
    };

    public static List<ConnectorDetail> Details(RegistrationPage page) => page.Items.Select(Detail).ToList();
}
