namespace AppFlowLocal.Model;

/// <summary>
/// The part of the AppFlow API model (2020-08-23) this server speaks: every constraint the server
/// enforces lives here and nowhere else. <c>ModelDriftTests</c> compares it with botocore's copy.
/// Fields are declared leaves first because static initialisers run in textual order.
/// </summary>
internal static class AppFlowModel
{
    // Scalars.
    public static readonly BooleanShape Boolean = new("Boolean");
    public static readonly TimestampShape Date = new("Date");
    public static readonly StringShape Arn = new("ARN", Max: 512, Pattern: "arn:aws:.*:.*:[0-9]+:.*");
    public static readonly StringShape ClientToken = new("ClientToken", Min: 1, Max: 256, Pattern: "[ -~]+");
    public static readonly StringShape ConnectorLabel = new("ConnectorLabel", Max: 256, Pattern: @"[a-zA-Z0-9][\w!@#.-]+");
    public static readonly StringShape Description = new("Description", Max: 1024, Pattern: @"[\s\w/!@#+=.-]*");
    public static readonly StringShape ConnectorDescription = new("ConnectorDescription", Max: 2048, Pattern: @"[\w!@#\-.?,\s]*");
    public static readonly StringShape ConnectorProvisioningType = new("ConnectorProvisioningType", Enum: ["LAMBDA"]);
    public static readonly StringShape ConnectorType = new("ConnectorType", Enum:
    [
        "Salesforce", "Singular", "Slack", "Redshift", "S3", "Marketo", "Googleanalytics", "Zendesk", "Servicenow",
        "Datadog", "Trendmicro", "Snowflake", "Dynatrace", "Infornexus", "Amplitude", "Veeva", "EventBridge",
        "LookoutMetrics", "Upsolver", "Honeycode", "CustomerProfiles", "SAPOData", "CustomConnector", "Pardot",
    ]);
    public static readonly IntegerShape MaxResults = new("MaxResults", Min: 1, Max: 100);
    public static readonly StringShape NextToken = new("NextToken", Max: 2048, Pattern: @"\S+");
    public static readonly StringShape ConnectorOwner = new("ConnectorOwner", Max: 256, Pattern: ".*");
    public static readonly StringShape ConnectorName = new("ConnectorName", Max: 256, Pattern: ".*");
    public static readonly StringShape ConnectorVersion = new("ConnectorVersion", Max: 256, Pattern: @"\S+");
    public static readonly StringShape ConnectorMode = new("ConnectorMode", Max: 256, Pattern: @"\S+");
    public static readonly StringShape Key = new("Key", Max: 512, Pattern: @"\S+");
    public static readonly StringShape Label = new("Label", Max: 128, Pattern: ".*");
    public static readonly StringShape ConnectorSuppliedValue = new("ConnectorSuppliedValue", Max: 256, Pattern: @"\S+");
    public static readonly StringShape ConnectorRuntimeSettingDataType = new("ConnectorRuntimeSettingDataType", Max: 256, Pattern: @"\S+");
    public static readonly StringShape ConnectorRuntimeSettingScope = new("ConnectorRuntimeSettingScope", Max: 256, Pattern: @"\S+");
    public static readonly StringShape CustomAuthenticationType = new("CustomAuthenticationType", Max: 256, Pattern: @"\S+");
    public static readonly StringShape OAuthScope = new("OAuthScope", Max: 128, Pattern: @"\S+");
    public static readonly StringShape TokenUrl = new("TokenUrl", Max: 256, Pattern: "^(https?)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]");
    public static readonly StringShape AuthCodeUrl = new("AuthCodeUrl", Max: 256, Pattern: "^(https?)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]");
    public static readonly StringShape LogoUrl = new("LogoURL", Max: 256, Pattern: "^(https?|ftp|file)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]");
    public static readonly StringShape OAuth2GrantType = new("OAuth2GrantType", Enum: ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE", "JWT_BEARER"]);
    public static readonly StringShape OAuth2CustomPropType = new("OAuth2CustomPropType", Enum: ["TOKEN_URL", "AUTH_URL"]);
    public static readonly StringShape SupportedApiVersion = new("SupportedApiVersion", Max: 256, Pattern: @"\S+");
    public static readonly StringShape Operators = new("Operators", Enum:
    [
        "PROJECTION", "LESS_THAN", "GREATER_THAN", "CONTAINS", "BETWEEN", "LESS_THAN_OR_EQUAL_TO",
        "GREATER_THAN_OR_EQUAL_TO", "EQUAL_TO", "NOT_EQUAL_TO", "ADDITION", "MULTIPLICATION", "DIVISION",
        "SUBTRACTION", "MASK_ALL", "MASK_FIRST_N", "MASK_LAST_N", "VALIDATE_NON_NULL", "VALIDATE_NON_ZERO",
        "VALIDATE_NON_NEGATIVE", "VALIDATE_NUMERIC", "NO_OP",
    ]);
    public static readonly StringShape WriteOperationType = new("WriteOperationType", Enum: ["INSERT", "UPSERT", "UPDATE", "DELETE"]);
    public static readonly StringShape ScheduleFrequencyType = new("ScheduleFrequencyType", Enum: ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"]);
    public static readonly StringShape TriggerType = new("TriggerType", Enum: ["Scheduled", "Event", "OnDemand"]);
    public static readonly StringShape SupportedDataTransferType = new("SupportedDataTransferType", Enum: ["RECORD", "FILE"]);
    public static readonly StringShape RegisteredBy = new("RegisteredBy", Max: 512, Pattern: @"\S+");
    public static readonly StringShape ConnectorProfileName = new("ConnectorProfileName", Max: 256, Pattern: @"[\w/!@#+=.-]+");
    public static readonly StringShape KmsArn = new("KMSArn", Min: 20, Max: 2048, Pattern: "arn:aws:kms:.*:[0-9]+:.*");
    public static readonly StringShape ConnectionMode = new("ConnectionMode", Enum: ["Public", "Private"]);
    public static readonly StringShape AuthenticationType = new("AuthenticationType", Enum: ["OAUTH2", "APIKEY", "BASIC", "CUSTOM"]);
    public static readonly StringShape Username = new("Username", Max: 512, Pattern: @"\S+");
    public static readonly StringShape Password = new("Password", Max: 512, Pattern: ".*", Sensitive: true);
    public static readonly StringShape ApiKey = new("ApiKey", Max: 256, Pattern: @"\S+", Sensitive: true);
    public static readonly StringShape ApiSecretKey = new("ApiSecretKey", Max: 256, Pattern: @"\S+", Sensitive: true);
    public static readonly StringShape ProfilePropertyKey = new("ProfilePropertyKey", Min: 1, Max: 128, Pattern: @"[\w]+");
    public static readonly StringShape ProfilePropertyValue = new("ProfilePropertyValue", Max: 2048, Pattern: @"\S+");
    public static readonly StringShape CredentialsMapKey = new("CredentialsMapKey", Min: 1, Max: 128, Pattern: @"[\w]+", Sensitive: true);
    public static readonly StringShape CredentialsMapValue = new("CredentialsMapValue", Max: 2048, Pattern: @"\S+", Sensitive: true);
    public static readonly StringShape EntitiesPath = new("EntitiesPath", Max: 256, Pattern: @"[\s\w/!@#+=,.-]*");
    public static readonly StringShape ApiVersion = new("ApiVersion", Max: 256, Pattern: @"\S+");
    public static readonly StringShape EntityName = new("EntityName", Max: 1024, Pattern: @"\S+");
    public static readonly StringShape ClientId = new("ClientId", Max: 512, Pattern: @"\S+");
    public static readonly StringShape ClientSecret = new("ClientSecret", Max: 512, Pattern: @"\S+", Sensitive: true);
    public static readonly StringShape AccessToken = new("AccessToken", Max: 4096, Pattern: @"\S+", Sensitive: true);
    public static readonly StringShape RefreshToken = new("RefreshToken", Max: 4096, Pattern: @"\S+", Credential: true);
    public static readonly StringShape AuthCode = new("AuthCode", Max: 4096, Pattern: @"\S+", Credential: true);
    public static readonly StringShape RedirectUri = new("RedirectUri", Max: 512, Pattern: @"\S+");
    public static readonly StringShape CustomPropertyKey = new("CustomPropertyKey", Min: 1, Max: 128, Pattern: @"[\w]+");
    public static readonly StringShape CustomPropertyValue = new("CustomPropertyValue", Max: 2048, Pattern: @"\S+");
    public static readonly IntegerShape ListEntitiesMaxResults = new("ListEntitiesMaxResults", Min: 1, Max: 10000);

    // Maps.
    public static readonly MapShape ProfilePropertiesMap = new("ProfilePropertiesMap", ProfilePropertyKey, ProfilePropertyValue, Min: 0, Max: 50);
    public static readonly MapShape CredentialsMap = new("CredentialsMap", CredentialsMapKey, CredentialsMapValue, Min: 0, Max: 50);
    public static readonly MapShape TokenUrlCustomProperties = new("TokenUrlCustomProperties", CustomPropertyKey, CustomPropertyValue, Min: 0, Max: 50);

    // Lists.
    public static readonly ListShape ConnectorTypeList = new("ConnectorTypeList", ConnectorType, Min: 0, Max: 100);
    public static readonly ListShape ConnectorModeList = new("ConnectorModeList", ConnectorMode);
    public static readonly ListShape ConnectorSuppliedValueList = new("ConnectorSuppliedValueList", ConnectorSuppliedValue);
    public static readonly ListShape ConnectorSuppliedValueOptionList = new("ConnectorSuppliedValueOptionList", ConnectorSuppliedValue);
    public static readonly ListShape OAuthScopeList = new("OAuthScopeList", OAuthScope);
    public static readonly ListShape TokenUrlList = new("TokenUrlList", TokenUrl);
    public static readonly ListShape AuthCodeUrlList = new("AuthCodeUrlList", AuthCodeUrl);
    public static readonly ListShape OAuth2GrantTypeSupportedList = new("OAuth2GrantTypeSupportedList", OAuth2GrantType);
    public static readonly ListShape SupportedApiVersionList = new("SupportedApiVersionList", SupportedApiVersion);
    public static readonly ListShape SupportedOperatorList = new("SupportedOperatorList", Operators);
    public static readonly ListShape SupportedWriteOperationList = new("SupportedWriteOperationList", WriteOperationType);
    public static readonly ListShape SchedulingFrequencyTypeList = new("SchedulingFrequencyTypeList", ScheduleFrequencyType);
    public static readonly ListShape TriggerTypeList = new("TriggerTypeList", TriggerType);
    public static readonly ListShape SupportedDataTransferTypeList = new("SupportedDataTransferTypeList", SupportedDataTransferType);
    public static readonly ListShape ConnectorProfileNameList = new("ConnectorProfileNameList", ConnectorProfileName, Min: 0, Max: 100);

    // Structures of a connector's configuration.
    public static readonly StructureShape LambdaConnectorProvisioningConfig = new("LambdaConnectorProvisioningConfig",
        [new("lambdaArn", Arn)], Required: ["lambdaArn"]);

    public static readonly StructureShape ConnectorProvisioningConfig = new("ConnectorProvisioningConfig",
        [new("lambda", LambdaConnectorProvisioningConfig)]);

    public static readonly StructureShape AuthParameter = new("AuthParameter",
    [
        new("key", Key), new("isRequired", Boolean), new("label", Label), new("description", Description),
        new("isSensitiveField", Boolean), new("connectorSuppliedValues", ConnectorSuppliedValueList),
    ]);

    public static readonly ListShape AuthParameterList = new("AuthParameterList", AuthParameter);

    public static readonly StructureShape CustomAuthConfig = new("CustomAuthConfig",
        [new("customAuthenticationType", CustomAuthenticationType), new("authParameters", AuthParameterList)]);

    public static readonly ListShape CustomAuthConfigList = new("CustomAuthConfigList", CustomAuthConfig);

    public static readonly StructureShape OAuth2CustomParameter = new("OAuth2CustomParameter",
    [
        new("key", Key), new("isRequired", Boolean), new("label", Label), new("description", Description),
        new("isSensitiveField", Boolean), new("connectorSuppliedValues", ConnectorSuppliedValueList),
        new("type", OAuth2CustomPropType),
    ]);

    public static readonly ListShape OAuth2CustomPropertiesList = new("OAuth2CustomPropertiesList", OAuth2CustomParameter);

    public static readonly StructureShape OAuth2Defaults = new("OAuth2Defaults",
    [
        new("oauthScopes", OAuthScopeList), new("tokenUrls", TokenUrlList), new("authCodeUrls", AuthCodeUrlList),
        new("oauth2GrantTypesSupported", OAuth2GrantTypeSupportedList), new("oauth2CustomProperties", OAuth2CustomPropertiesList),
    ]);

    public static readonly StructureShape AuthenticationConfig = new("AuthenticationConfig",
    [
        new("isBasicAuthSupported", Boolean), new("isApiKeyAuthSupported", Boolean), new("isOAuth2Supported", Boolean),
        new("isCustomAuthSupported", Boolean), new("oAuth2Defaults", OAuth2Defaults), new("customAuthConfigs", CustomAuthConfigList),
    ]);

    public static readonly StructureShape ConnectorRuntimeSetting = new("ConnectorRuntimeSetting",
    [
        new("key", Key), new("dataType", ConnectorRuntimeSettingDataType), new("isRequired", Boolean), new("label", Label),
        new("description", Description), new("scope", ConnectorRuntimeSettingScope),
        new("connectorSuppliedValueOptions", ConnectorSuppliedValueOptionList),
    ]);

    public static readonly ListShape ConnectorRuntimeSettingList = new("ConnectorRuntimeSettingList", ConnectorRuntimeSetting);

    /// <summary>
    /// The API's ConnectorConfiguration without the members that only AWS-managed connectors fill
    /// (connectorMetadata, supportedDataTransferApis).
    /// </summary>
    public static readonly StructureShape ConnectorConfiguration = new("ConnectorConfiguration",
    [
        new("canUseAsSource", Boolean), new("canUseAsDestination", Boolean),
        new("supportedDestinationConnectors", ConnectorTypeList), new("supportedSchedulingFrequencies", SchedulingFrequencyTypeList),
        new("isPrivateLinkEnabled", Boolean), new("isPrivateLinkEndpointUrlRequired", Boolean),
        new("supportedTriggerTypes", TriggerTypeList), new("connectorType", ConnectorType), new("connectorLabel", ConnectorLabel),
        new("connectorDescription", ConnectorDescription), new("connectorOwner", ConnectorOwner), new("connectorName", ConnectorName),
        new("connectorVersion", ConnectorVersion), new("connectorArn", Arn), new("connectorModes", ConnectorModeList),
        new("authenticationConfig", AuthenticationConfig), new("connectorRuntimeSettings", ConnectorRuntimeSettingList),
        new("supportedApiVersions", SupportedApiVersionList), new("supportedOperators", SupportedOperatorList),
        new("supportedWriteOperations", SupportedWriteOperationList), new("connectorProvisioningType", ConnectorProvisioningType),
        new("connectorProvisioningConfig", ConnectorProvisioningConfig), new("logoURL", LogoUrl), new("registeredAt", Date),
        new("registeredBy", RegisteredBy), new("supportedDataTransferTypes", SupportedDataTransferTypeList),
    ]);

    /// <summary>What a connector's DescribeConnectorConfigurationResponse must provide (SPEC.md, "Connector Lambda").</summary>
    public static readonly StructureShape ConnectorConfigurationFromConnector =
        ConnectorConfiguration.Requiring("connectorName", "connectorVersion", "connectorModes");

    // Structures of a connector profile: only the CustomConnector branches (the server refuses managed types).
    public static readonly StructureShape BasicAuthCredentials = new("BasicAuthCredentials",
        [new("username", Username), new("password", Password)], Required: ["username", "password"]);

    public static readonly StructureShape ApiKeyCredentials = new("ApiKeyCredentials",
        [new("apiKey", ApiKey), new("apiSecretKey", ApiSecretKey)], Required: ["apiKey"]);

    public static readonly StructureShape CustomAuthCredentials = new("CustomAuthCredentials",
        [new("customAuthenticationType", CustomAuthenticationType), new("credentialsMap", CredentialsMap)], Required: ["customAuthenticationType"]);

    public static readonly StructureShape ConnectorOAuthRequest = new("ConnectorOAuthRequest",
        [new("authCode", AuthCode), new("redirectUri", RedirectUri)]);

    public static readonly StructureShape OAuth2Credentials = new("OAuth2Credentials",
    [
        new("clientId", ClientId), new("clientSecret", ClientSecret), new("accessToken", AccessToken), new("refreshToken", RefreshToken),
        new("oAuthRequest", ConnectorOAuthRequest),
    ]);

    public static readonly StructureShape OAuth2Properties = new("OAuth2Properties",
        [new("tokenUrl", TokenUrl), new("oAuth2GrantType", OAuth2GrantType), new("tokenUrlCustomProperties", TokenUrlCustomProperties)],
        Required: ["tokenUrl", "oAuth2GrantType"]);

    public static readonly StructureShape CustomConnectorProfileCredentials = new("CustomConnectorProfileCredentials",
    [
        new("authenticationType", AuthenticationType), new("basic", BasicAuthCredentials), new("oauth2", OAuth2Credentials),
        new("apiKey", ApiKeyCredentials), new("custom", CustomAuthCredentials),
    ],
    Required: ["authenticationType"]);

    public static readonly StructureShape CustomConnectorProfileProperties = new("CustomConnectorProfileProperties",
        [new("profileProperties", ProfilePropertiesMap), new("oAuth2Properties", OAuth2Properties)]);

    public static readonly StructureShape ConnectorProfileProperties = new("ConnectorProfileProperties",
        [new("CustomConnector", CustomConnectorProfileProperties)]);

    public static readonly StructureShape ConnectorProfileCredentials = new("ConnectorProfileCredentials",
        [new("CustomConnector", CustomConnectorProfileCredentials)]);

    public static readonly StructureShape ConnectorProfileConfig = new("ConnectorProfileConfig",
        [new("connectorProfileProperties", ConnectorProfileProperties), new("connectorProfileCredentials", ConnectorProfileCredentials)],
        Required: ["connectorProfileProperties"]);

    // Operation inputs.
    public static readonly StructureShape RegisterConnectorRequest = new("RegisterConnectorRequest",
    [
        new("connectorLabel", ConnectorLabel), new("description", Description),
        new("connectorProvisioningType", ConnectorProvisioningType), new("connectorProvisioningConfig", ConnectorProvisioningConfig),
        new("clientToken", ClientToken),
    ],
    // SPEC.md: the service cannot find a connector again without its label, nor invoke it without a function.
    AlsoRequired: ["connectorLabel", "connectorProvisioningConfig.lambda.lambdaArn"]);

    public static readonly StructureShape UpdateConnectorRegistrationRequest = new("UpdateConnectorRegistrationRequest",
    [
        new("connectorLabel", ConnectorLabel), new("description", Description),
        new("connectorProvisioningConfig", ConnectorProvisioningConfig), new("clientToken", ClientToken),
    ],
    Required: ["connectorLabel"]);

    public static readonly StructureShape DescribeConnectorRequest = new("DescribeConnectorRequest",
        [new("connectorType", ConnectorType), new("connectorLabel", ConnectorLabel)],
        Required: ["connectorType"]);

    public static readonly StructureShape DescribeConnectorsRequest = new("DescribeConnectorsRequest",
        [new("connectorTypes", ConnectorTypeList), new("maxResults", MaxResults), new("nextToken", NextToken)]);

    public static readonly StructureShape ListConnectorsRequest = new("ListConnectorsRequest",
        [new("maxResults", MaxResults), new("nextToken", NextToken)]);

    public static readonly StructureShape UnregisterConnectorRequest = new("UnregisterConnectorRequest",
        [new("connectorLabel", ConnectorLabel), new("forceDelete", Boolean)],
        Required: ["connectorLabel"]);

    public static readonly StructureShape CreateConnectorProfileRequest = new("CreateConnectorProfileRequest",
    [
        new("connectorProfileName", ConnectorProfileName), new("kmsArn", KmsArn), new("connectorType", ConnectorType),
        new("connectorLabel", ConnectorLabel), new("connectionMode", ConnectionMode), new("connectorProfileConfig", ConnectorProfileConfig),
        new("clientToken", ClientToken),
    ],
    Required: ["connectorProfileName", "connectorType", "connectionMode", "connectorProfileConfig"]);

    public static readonly StructureShape UpdateConnectorProfileRequest = new("UpdateConnectorProfileRequest",
    [
        new("connectorProfileName", ConnectorProfileName), new("connectionMode", ConnectionMode),
        new("connectorProfileConfig", ConnectorProfileConfig), new("clientToken", ClientToken),
    ],
    Required: ["connectorProfileName", "connectionMode", "connectorProfileConfig"]);

    public static readonly StructureShape DescribeConnectorProfilesRequest = new("DescribeConnectorProfilesRequest",
    [
        new("connectorProfileNames", ConnectorProfileNameList), new("connectorType", ConnectorType), new("connectorLabel", ConnectorLabel),
        new("maxResults", MaxResults), new("nextToken", NextToken),
    ]);

    public static readonly StructureShape DeleteConnectorProfileRequest = new("DeleteConnectorProfileRequest",
        [new("connectorProfileName", ConnectorProfileName), new("forceDelete", Boolean)],
        Required: ["connectorProfileName"]);

    public static readonly StructureShape ListConnectorEntitiesRequest = new("ListConnectorEntitiesRequest",
    [
        new("connectorProfileName", ConnectorProfileName), new("connectorType", ConnectorType), new("entitiesPath", EntitiesPath),
        new("apiVersion", ApiVersion), new("maxResults", ListEntitiesMaxResults), new("nextToken", NextToken),
    ]);

    public static readonly StructureShape DescribeConnectorEntityRequest = new("DescribeConnectorEntityRequest",
    [
        new("connectorEntityName", EntityName), new("connectorType", ConnectorType), new("connectorProfileName", ConnectorProfileName),
        new("apiVersion", ApiVersion),
    ],
    Required: ["connectorEntityName"]);

    /// <summary>Every structure the drift test checks, by model name.</summary>
    public static IEnumerable<StructureShape> Structures =>
    [
        RegisterConnectorRequest, UpdateConnectorRegistrationRequest, DescribeConnectorRequest, DescribeConnectorsRequest,
        ListConnectorsRequest, UnregisterConnectorRequest, ConnectorConfiguration, ConnectorProvisioningConfig,
        LambdaConnectorProvisioningConfig, AuthenticationConfig, OAuth2Defaults, OAuth2CustomParameter, CustomAuthConfig,
        AuthParameter, ConnectorRuntimeSetting, CreateConnectorProfileRequest, DescribeConnectorProfilesRequest,
        DeleteConnectorProfileRequest, ConnectorProfileConfig, ConnectorProfileProperties, ConnectorProfileCredentials,
        CustomConnectorProfileProperties, CustomConnectorProfileCredentials, BasicAuthCredentials, ApiKeyCredentials, CustomAuthCredentials,
        ListConnectorEntitiesRequest, DescribeConnectorEntityRequest, UpdateConnectorProfileRequest,
        OAuth2Credentials, OAuth2Properties, ConnectorOAuthRequest,
    ];
}
