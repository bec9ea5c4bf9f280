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

    public static ConnectorDetail Detail(ConnectorRegistration registration) => new()
    {
        ConnectorDescription = registration.Description,
        ConnectorName = registration.Configuration.ConnectorName,
        ConnectorOwner = registration.Configuration.ConnectorOwner,
        ConnectorVersion = registration.Configuration.ConnectorVersion,
        ConnectorType = ConnectorRegistry.CustomConnectorType,
        ConnectorLabel = registration.Label,
        RegisteredAt = registration.RegisteredAt,
        RegisteredBy = registration.RegisteredBy,
        ConnectorProvisioningType = registration.ProvisioningType,
        ConnectorModes = registration.Configuration.ConnectorModes,
        SupportedDataTransferTypes = registration.Configuration.SupportedDataTransferTypes,
    };

    public static List<ConnectorDetail> Details(RegistrationPage page) => page.Items.Select(Detail).ToList();
}
