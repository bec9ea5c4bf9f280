namespace LambdaStandIn;

/// <summary>
/// The functions every catalog starts with: one per way a connector (or Lambda in front of it) can
/// answer a DescribeConnectorConfigurationRequest. Payloads are written the way each official
/// custom-connector SDK serializes them.
/// </summary>
public static class BuiltInFunctions
{
    /// <summary>A valid configuration as the Python SDK writes it: null for everything unset, booleans included.</summary>
    public const string PythonSdk = "python-sdk-connector";

    /// <summary>A valid configuration as the Java SDK (Jackson + Immutables) writes it: oauth2CustomProperties, supportedDataTransferTypes.</summary>
    public const string JavaSdk = "java-sdk-connector";

    /// <summary>The handler throws: HTTP 200, X-Amz-Function-Error: Unhandled, RuntimeError "Exception while processing the request".</summary>
    public const string Throwing = "throwing-connector";

    /// <summary>Answers isSuccess false with errorCode InvalidCredentials.</summary>
    public const string InvalidCredentials = "invalid-credentials-connector";

    /// <summary>Answers isSuccess false with errorCode ServerError and retryAfterSeconds.</summary>
    public const string ServerError = "server-error-connector";

    /// <summary>Waits <see cref="FunctionCatalog.SlowDelay"/> (default 5 s), then answers like <see cref="PythonSdk"/>.</summary>
    public const string Slow = "slow-connector";

    /// <summary>No connectorVersion, an unknown trigger type and an unknown operator.</summary>
    public const string InvalidConfiguration = "invalid-configuration-connector";

    /// <summary>A payload that is not JSON at all.</summary>
    public const string NonJson = "non-json-connector";

    /// <summary>Lambda throttles the call: 429 TooManyRequestsException.</summary>
    public const string Throttled = "throttled-connector";

    /// <summary>Lambda refuses the caller: 403 AccessDeniedException.</summary>
    public const string AccessDenied = "access-denied-connector";

    public const string PythonSdkPayload = """
        {
          "type": "DescribeConnectorConfigurationResponse",
          "connectorOwner": "SampleOwner",
          "connectorName": "PythonSampleConnector",
          "connectorVersion": "1.0.5",
          "connectorModes": ["SOURCE", "DESTINATION"],
          "authenticationConfig": {
            "isBasicAuthSupported": true,
            "isApiKeyAuthSupported": null,
            "isOAuth2Supported": true,
            "isCustomAuthSupported": true,
            "oAuth2Defaults": {
              "tokenURL": ["https://login.example.com/oauth2/token"],
              "authURL": ["https://login.example.com/oauth2/authorize"],
              "oAuth2GrantTypesSupported": ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS"],
              "oAuthScopes": ["read", "write"],
              "oAuth2CustomProperties": [
                {
                  "key": "audience",
                  "required": false,
                  "label": "Audience",
                  "description": "Audience the token is issued for",
                  "sensitiveField": null,
                  "type": "TOKEN_URL",
                  "connectorSuppliedValues": null
                }
              ],
              "addBasicAuthHeader": false,
              "oAuth2ContentType": "URL_ENCODED",
              "oAuth2MethodType": "HTTP_POST"
            },
            "customAuthConfig": [
              {
                "authenticationType": "SharedSecret",
                "authParameters": [
                  {
                    "key": "secret",
                    "required": true,
                    "label": "Shared secret",
                    "description": "Secret agreed with the application",
                    "sensitiveField": true,
                    "connectorSuppliedValues": null
                  }
                ]
              }
            ]
          },
          "supportedApiVersions": ["v1"],
          "isSuccess": true,
          "connectorRuntimeSetting": [
            {
              "key": "instanceUrl",
              "dataType": "String",
              "required": true,
              "label": "Instance URL",
              "description": "Base URL of the application instance",
              "scope": "CONNECTOR_PROFILE",
              "connectorSuppliedValueOptions": null
            }
          ],
          "logoURL": null,
          "errorDetails": null,
          "operatorsSupported": ["PROJECTION", "LESS_THAN", "GREATER_THAN", "BETWEEN", "EQUAL_TO", "NO_OP"],
          "triggerFrequenciesSupported": ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"],
          "supportedWriteOperations": ["INSERT", "UPDATE", "UPSERT", "DELETE"],
          "supportedTriggerTypes": ["SCHEDULED", "ONDEMAND"]
        }
        """;

    public const string JavaSdkPayload = """
        {
          "connectorOwner": "SampleOwner",
          "connectorName": "JavaSampleConnector",
          "connectorVersion": "2.1",
          "connectorModes": ["SOURCE"],
          "authenticationConfig": {
            "isBasicAuthSupported": false,
            "isApiKeyAuthSupported": false,
            "isOAuth2Supported": true,
            "isCustomAuthSupported": false,
            "oAuth2Defaults": {
              "oAuthScopes": ["api", "refresh_token"],
              "tokenURL": ["https://login.example.com/services/oauth2/token"],
              "authURL": ["https://login.example.com/services/oauth2/authorize"],
              "oAuth2GrantTypesSupported": ["AUTHORIZATION_CODE"],
              "oAuth2ContentType": "URL_ENCODED",
              "oAuth2MethodType": "HTTP_POST",
              "oauth2CustomProperties": [
                {
                  "key": "prompt",
                  "required": true,
                  "type": "AUTH_URL",
                  "label": "Prompt",
                  "description": "Login prompt behaviour",
                  "sensitiveField": false,
                  "connectorSuppliedValues": ["login", "consent"]
                }
              ],
              "addBasicAuthHeader": false
            },
            "customAuthConfig": null
          },
          "connectorRuntimeSetting": [
            {
              "key": "instanceUrl",
              "dataType": "Url",
              "required": true,
              "label": "Instance URL",
              "description": "URL of the instance where the operations run",
              "scope": "CONNECTOR_PROFILE",
              "connectorSuppliedValueOptions": null
            },
            {
              "key": "apiVersion",
              "dataType": "String",
              "required": false,
              "label": "API version",
              "description": "API version to use",
              "scope": "SOURCE",
              "connectorSuppliedValueOptions": ["v54.0", "v55.0"]
            }
          ],
          "supportedApiVersions": ["v54.0", "v55.0"],
          "operatorsSupported": ["PROJECTION", "EQUAL_TO", "CONTAINS"],
          "supportedTriggerTypes": ["SCHEDULED", "ONDEMAND"],
          "triggerFrequenciesSupported": ["HOURLY", "DAILY"],
          "supportedWriteOperations": ["INSERT", "UPDATE", "UPSERT", "DELETE"],
          "logoURL": "https://example.com/logo.png",
          "isSuccess": true,
          "errorDetails": null,
          "supportedDataTransferTypes": ["RECORD", "FILE"]
        }
        """;

    public const string InvalidCredentialsPayload = """
        {
          "connectorOwner": "SampleOwner",
          "connectorName": "FailingConnector",
          "connectorVersion": "1.0",
          "connectorModes": ["SOURCE"],
          "authenticationConfig": null,
          "connectorRuntimeSetting": null,
          "supportedApiVersions": ["v1"],
          "logoURL": null,
          "isSuccess": false,
          "errorDetails": {
            "errorCode": "InvalidCredentials",
            "retryAfterSeconds": null,
            "errorMessage": "The application rejected the API key"
          }
        }
        """;

    public const string ServerErrorPayload = """
        {
          "connectorOwner": "SampleOwner",
          "connectorName": "FailingConnector",
          "connectorVersion": "1.0",
          "connectorModes": ["SOURCE"],
          "authenticationConfig": null,
          "connectorRuntimeSetting": null,
          "supportedApiVersions": ["v1"],
          "logoURL": null,
          "isSuccess": false,
          "errorDetails": {
            "errorCode": "ServerError",
            "retryAfterSeconds": 30,
            "errorMessage": "The application answered HTTP 503"
          }
        }
        """;

    public const string InvalidConfigurationPayload = """
        {
          "type": "DescribeConnectorConfigurationResponse",
          "connectorOwner": "SampleOwner",
          "connectorName": "InvalidConnector",
          "connectorVersion": null,
          "connectorModes": ["SOURCE"],
          "authenticationConfig": {
            "isBasicAuthSupported": true,
            "isApiKeyAuthSupported": null,
            "isOAuth2Supported": null,
            "isCustomAuthSupported": null,
            "oAuth2Defaults": null,
            "customAuthConfig": null
          },
          "supportedApiVersions": ["v1"],
          "isSuccess": true,
          "connectorRuntimeSetting": null,
          "logoURL": null,
          "errorDetails": null,
          "operatorsSupported": ["PROJECTION", "LIKE"],
          "triggerFrequenciesSupported": ["DAILY"],
          "supportedWriteOperations": ["INSERT"],
          "supportedTriggerTypes": ["SCHEDULED", "EVENTBRIDGE"]
        }
        """;

    public const string NonJsonPayload = "<html><body>502 Bad Gateway</body></html>";

    internal static void AddTo(FunctionCatalog catalog)
    {
        catalog.SetPayload(PythonSdk, PythonSdkPayload);
        catalog.SetPayload(JavaSdk, JavaSdkPayload);
        catalog.Set(Throwing, FunctionResponse.Unhandled(
            "RuntimeError",
            "Exception while processing the request",
            "  File \"/var/task/custom_connector_sdk/lambda_handler/lambda_handler.py\", line 59, in lambda_handler\n    raise RuntimeError('Exception while processing the request')\n"));
        catalog.SetPayload(InvalidCredentials, InvalidCredentialsPayload);
        catalog.SetPayload(ServerError, ServerErrorPayload);
        catalog.Set(Slow, async (_, cancellationToken) =>
        {
            await Task.Delay(catalog.SlowDelay, cancellationToken).ConfigureAwait(false);
            return FunctionResponse.Payload(PythonSdkPayload);
        });
        catalog.SetPayload(InvalidConfiguration, InvalidConfigurationPayload);
        catalog.SetPayload(NonJson, NonJsonPayload);
        catalog.Set(Throttled, FunctionResponse.Throttled());
        catalog.Set(AccessDenied, FunctionResponse.ServiceError(403, "AccessDeniedException",
            $"User: arn:aws:iam::123456789012:user/appflow-local is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:{AccessDenied} because no identity-based policy allows the lambda:InvokeFunction action"));
    }
}
