using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Wire;
using LambdaStandIn;

namespace AppFlowLocal.Tests.Connectors;

public sealed class ConnectorConfigurationMappingTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:connector";

    [Fact]
    public void Python_sdk_payload_maps_to_the_api_configuration()
    {
        AssertMapsTo(BuiltInFunctions.PythonSdkPayload, """
            {
              "canUseAsSource": true,
              "canUseAsDestination": true,
              "supportedSchedulingFrequencies": ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"],
              "supportedTriggerTypes": ["Scheduled", "OnDemand"],
              "connectorOwner": "SampleOwner",
              "connectorName": "PythonSampleConnector",
              "connectorVersion": "1.0.5",
              "connectorModes": ["SOURCE", "DESTINATION"],
              "authenticationConfig": {
                "isBasicAuthSupported": true,
                "isOAuth2Supported": true,
                "isCustomAuthSupported": true,
                "oAuth2Defaults": {
                  "oauthScopes": ["read", "write"],
                  "tokenUrls": ["https://login.example.com/oauth2/token"],
                  "authCodeUrls": ["https://login.example.com/oauth2/authorize"],
                  "oauth2GrantTypesSupported": ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS"],
                  "oauth2CustomProperties": [
                    { "key": "audience", "isRequired": false, "label": "Audience", "description": "Audience the token is issued for", "type": "TOKEN_URL" }
                  ]
                },
                "customAuthConfigs": [
                  {
                    "customAuthenticationType": "SharedSecret",
                    "authParameters": [
                      { "key": "secret", "isRequired": true, "label": "Shared secret", "description": "Secret agreed with the application", "isSensitiveField": true }
                    ]
                  }
                ]
              },
              "connectorRuntimeSettings": [
                { "key": "instanceUrl", "dataType": "String", "isRequired": true, "label": "Instance URL", "description": "Base URL of the application instance", "scope": "CONNECTOR_PROFILE" }
              ],
              "supportedApiVersions": ["v1"],
              "supportedOperators": ["PROJECTION", "LESS_THAN", "GREATER_THAN", "BETWEEN", "EQUAL_TO", "NO_OP"],
              "supportedWriteOperations": ["INSERT", "UPDATE", "UPSERT", "DELETE"]
            }
            """);
    }

    [Fact]
    public void Java_sdk_payload_maps_to_the_api_configuration()
    {
        AssertMapsTo(BuiltInFunctions.JavaSdkPayload, """
            {
              "canUseAsSource": true,
              "canUseAsDestination": false,
              "supportedSchedulingFrequencies": ["HOURLY", "DAILY"],
              "supportedTriggerTypes": ["Scheduled", "OnDemand"],
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
                  "oauthScopes": ["api", "refresh_token"],
                  "tokenUrls": ["https://login.example.com/services/oauth2/token"],
                  "authCodeUrls": ["https://login.example.com/services/oauth2/authorize"],
                  "oauth2GrantTypesSupported": ["AUTHORIZATION_CODE"],
                  "oauth2CustomProperties": [
                    {
                      "key": "prompt", "isRequired": true, "label": "Prompt", "description": "Login prompt behaviour",
                      "isSensitiveField": false, "connectorSuppliedValues": ["login", "consent"], "type": "AUTH_URL"
                    }
                  ]
                }
              },
              "connectorRuntimeSettings": [
                { "key": "instanceUrl", "dataType": "Url", "isRequired": true, "label": "Instance URL", "description": "URL of the instance where the operations run", "scope": "CONNECTOR_PROFILE" },
                { "key": "apiVersion", "dataType": "String", "isRequired": false, "label": "API version", "description": "API version to use", "scope": "SOURCE", "connectorSuppliedValueOptions": ["v54.0", "v55.0"] }
              ],
              "supportedApiVersions": ["v54.0", "v55.0"],
              "supportedOperators": ["PROJECTION", "EQUAL_TO", "CONTAINS"],
              "supportedWriteOperations": ["INSERT", "UPDATE", "UPSERT", "DELETE"],
              "logoURL": "https://example.com/logo.png",
              "supportedDataTransferTypes": ["RECORD", "FILE"]
            }
            """);
    }

    [Fact]
    public void Null_members_are_absent_from_the_configuration()
    {
        AssertMapsTo("""
            {
              "type": "DescribeConnectorConfigurationResponse", "isSuccess": true, "errorDetails": null,
              "connectorOwner": null, "connectorName": "Minimal", "connectorVersion": "1", "connectorModes": ["DESTINATION"],
              "authenticationConfig": {
                "isBasicAuthSupported": null, "isApiKeyAuthSupported": true, "isOAuth2Supported": null, "isCustomAuthSupported": null,
                "oAuth2Defaults": null, "customAuthConfig": null
              },
              "supportedApiVersions": null, "connectorRuntimeSetting": null, "logoURL": null, "operatorsSupported": null,
              "triggerFrequenciesSupported": null, "supportedTriggerTypes": null, "supportedWriteOperations": null,
              "supportedDataTransferTypes": null
            }
            """, """
            {
              "canUseAsSource": false, "canUseAsDestination": true,
              "connectorName": "Minimal", "connectorVersion": "1", "connectorModes": ["DESTINATION"],
              "authenticationConfig": { "isApiKeyAuthSupported": true }
            }
            """);
    }

    [Theory]
    [InlineData("oAuth2CustomProperties")]
    [InlineData("oauth2CustomProperties")]
    public void OAuth2_custom_properties_are_read_in_either_SDK_spelling(string spelling)
    {
        var configuration = Map(Valid($$"""
            "authenticationConfig": {
              "isOAuth2Supported": true,
              "oAuth2Defaults": {
                "tokenURL": ["https://example.com/token"], "oAuth2GrantTypesSupported": ["CLIENT_CREDENTIALS"],
                "{{spelling}}": [{ "key": "tenant", "required": true, "type": "TOKEN_URL", "label": "Tenant", "description": "Tenant id", "sensitiveField": false, "connectorSuppliedValues": null }]
              }
            }
            """));

        var property = Assert.Single(configuration.AuthenticationConfig!.OAuth2Defaults!.Oauth2CustomProperties!);
        Assert.Equal(("tenant", true, "TOKEN_URL", "Tenant", "Tenant id", false),
            (property.Key, property.IsRequired, property.Type, property.Label, property.Description, property.IsSensitiveField));
    }

    [Fact]
    public void Members_the_api_has_no_place_for_are_ignored()
    {
        var configuration = Map(Valid("""
            "somethingNew": {"nested": [1, 2]},
            "authenticationConfig": {
              "isOAuth2Supported": true,
              "oAuth2Defaults": {
                "tokenURL": ["https://example.com/token"], "oAuth2GrantTypesSupported": ["CLIENT_CREDENTIALS"],
                "oAuth2ContentType": "APPLICATION_JSON", "oAuth2MethodType": "HTTP_GET", "addBasicAuthHeader": true,
                "redirectURL": ["https://example.com/callback"], "refreshURL": ["https://example.com/refresh"]
              }
            }
            """));

        Assert.Equal("""{"tokenUrls":["https://example.com/token"],"oauth2GrantTypesSupported":["CLIENT_CREDENTIALS"]}""",
            JsonSerializer.Serialize(configuration.AuthenticationConfig!.OAuth2Defaults!, AppFlowJsonContext.Default.OAuth2Defaults));
    }

    [Fact]
    public void Member_names_are_matched_case_sensitively()
    {
        var exception = Assert.Throws<AppFlowException>(() => ConnectorConfigurationMapping.FromPayload(FunctionArn, Bytes("""
            {"isSuccess": true, "ConnectorName": "Wrong case", "connectorVersion": "1", "connectorModes": ["SOURCE"]}
            """)));

        Assert.Contains("Value null at 'connectorName' failed to satisfy constraint: Member must not be null", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["SOURCE"]""", true, false)]
    [InlineData("""["DESTINATION"]""", false, true)]
    [InlineData("""["SOURCE", "DESTINATION"]""", true, true)]
    [InlineData("""[]""", false, false)]
    public void Connector_modes_decide_canUseAsSource_and_canUseAsDestination(string modes, bool source, bool destination)
    {
        var configuration = ConnectorConfigurationMapping.ToConfiguration(Read($$"""{"isSuccess": true, "connectorModes": {{modes}}}"""));

        Assert.Equal((source, destination), (configuration.CanUseAsSource, configuration.CanUseAsDestination));
    }

    [Fact]
    public void Trigger_types_take_the_api_spelling_and_unknown_ones_pass_through()
    {
        var configuration = ConnectorConfigurationMapping.ToConfiguration(Read("""
            {"isSuccess": true, "supportedTriggerTypes": ["ONDEMAND", "SCHEDULED", "Event", "EVENTBRIDGE"]}
            """));

        Assert.Equal(["OnDemand", "Scheduled", "Event", "EVENTBRIDGE"], configuration.SupportedTriggerTypes!);
    }

    [Fact]
    public void InvalidCredentials_error_code_becomes_ConnectorAuthenticationException()
    {
        var exception = Fail(BuiltInFunctions.InvalidCredentialsPayload);

        Assert.Equal(AwsErrorCode.ConnectorAuthenticationException, exception.Code);
        Assert.Equal($"Connector function {FunctionArn} reported InvalidCredentials: The application rejected the API key", exception.Message);
    }

    [Fact]
    public void Other_error_code_becomes_ConnectorServerException_with_code_and_message()
    {
        var exception = Fail(BuiltInFunctions.ServerErrorPayload);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {FunctionArn} reported ServerError: The application answered HTTP 503 (retry after 30 s)", exception.Message);
    }

    [Theory]
    [InlineData("""{"isSuccess": false, "errorDetails": null}""", "returned isSuccess false without errorDetails.")]
    [InlineData("""{"isSuccess": null, "connectorName": "x"}""", "returned a DescribeConnectorConfigurationResponse without isSuccess.")]
    [InlineData("""{"connectorName": "x"}""", "returned a DescribeConnectorConfigurationResponse without isSuccess.")]
    [InlineData("""{"isSuccess": false, "errorDetails": {"errorCode": null, "errorMessage": null}}""", "reported an error without errorCode: (no errorMessage)")]
    public void Unsuccessful_answers_without_details_are_ConnectorServerExceptions(string payload, string problem)
    {
        var exception = Fail(payload);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {FunctionArn} {problem}", exception.Message);
    }

    [Fact]
    public void Connector_error_message_is_made_single_line()
    {
        var exception = Fail("""
            {"isSuccess": false, "errorDetails": {"errorCode": "ClientError", "errorMessage": "first line\n\tsecond line\r\nthird"}}
            """);

        Assert.Equal($"Connector function {FunctionArn} reported ClientError: first line second line third", exception.Message);
    }

    [Theory]
    [InlineData("<html>502</html>", "returned a payload that is not JSON ('<' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.); it begins: <html>502</html>")]
    [InlineData("""{"isSuccess": true""", "returned a payload that is not JSON")]
    [InlineData("", "returned an empty payload instead of a DescribeConnectorConfigurationResponse.")]
    [InlineData("null", "returned null where a DescribeConnectorConfigurationResponse object was expected.")]
    [InlineData("\"done\"", "returned a string where a DescribeConnectorConfigurationResponse object was expected.")]
    public void Payload_that_is_not_a_response_object_becomes_ConnectorServerException(string payload, string problem)
    {
        var exception = Fail(payload);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.StartsWith($"Connector function {FunctionArn} {problem}", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"isSuccess": "true"}""", "a string at 'isSuccess'")]
    [InlineData("""{"isSuccess": true, "connectorModes": "SOURCE"}""", "a string at 'connectorModes'")]
    [InlineData("""{"isSuccess": true, "connectorVersion": 2}""", "a number at 'connectorVersion'")]
    [InlineData("""{"isSuccess": true, "authenticationConfig": {"customAuthConfig": [{"authParameters": [{"required": "yes"}]}]}}""",
        "a string at 'authenticationConfig.customAuthConfig[0].authParameters[0].required'")]
    [InlineData("""{"isSuccess": false, "errorDetails": {"errorCode": "ServerError", "retryAfterSeconds": 1.5}}""", "a number at 'errorDetails.retryAfterSeconds'")]
    public void Member_of_the_wrong_JSON_type_is_named(string payload, string where)
    {
        var exception = Fail(payload);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {FunctionArn} returned a DescribeConnectorConfigurationResponse with {where}, which is the wrong JSON type for that member.",
            exception.Message);
    }

    [Fact]
    public void Configuration_breaking_the_api_constraints_lists_every_violation()
    {
        var exception = Fail(BuiltInFunctions.InvalidConfigurationPayload);

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal(
            $"Connector function {FunctionArn} returned a configuration the API cannot accept: " +
            "Value '[Scheduled, EVENTBRIDGE]' at 'supportedTriggerTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [Scheduled, Event, OnDemand]]; " +
            "Value null at 'connectorVersion' failed to satisfy constraint: Member must not be null; " +
            "Value '[PROJECTION, LIKE]' at 'supportedOperators' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PROJECTION, LESS_THAN, GREATER_THAN, CONTAINS, BETWEEN, LESS_THAN_OR_EQUAL_TO, GREATER_THAN_OR_EQUAL_TO, EQUAL_TO, NOT_EQUAL_TO, ADDITION, MULTIPLICATION, DIVISION, SUBTRACTION, MASK_ALL, MASK_FIRST_N, MASK_LAST_N, VALIDATE_NON_NULL, VALIDATE_NON_ZERO, VALIDATE_NON_NEGATIVE, VALIDATE_NUMERIC, NO_OP]]",
            exception.Message);
    }

    [Fact]
    public void Missing_required_members_and_unknown_connector_modes_are_violations()
    {
        var exception = Fail("""{"isSuccess": true, "connectorModes": ["SOURCE", "BOTH"]}""");

        Assert.Equal(
            $"Connector function {FunctionArn} returned a configuration the API cannot accept: " +
            "Value null at 'connectorName' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'connectorVersion' failed to satisfy constraint: Member must not be null; " +
            "Value '[SOURCE, BOTH]' at 'connectorModes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SOURCE, DESTINATION]]",
            exception.Message);
    }

    [Fact]
    public void Null_inside_a_list_is_reported_rather_than_dropped()
    {
        var exception = Fail(Valid("""
            "supportedApiVersions": ["v1", null],
            "connectorRuntimeSetting": [null]
            """));

        Assert.Contains("Value '[v1, null]' at 'supportedApiVersions' failed to satisfy constraint: Member must satisfy constraint: [Member must not be null]",
            exception.Message, StringComparison.Ordinal);
        Assert.Contains("Value null at 'connectorRuntimeSettings.1.member' failed to satisfy constraint: Member must not be null",
            exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_over_their_length_are_violations()
    {
        var exception = Fail(Valid($$"""
            "connectorName": "{{new string('n', 257)}}"
            """, name: null));

        Assert.Contains("at 'connectorName' failed to satisfy constraint: Member must have length less than or equal to 256", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholder_token_urls_and_punctuated_descriptions_are_accepted_unchanged()
    {
        var configuration = Map(Valid("""
            "authenticationConfig": {
              "isOAuth2Supported": true,
              "oAuth2Defaults": {
                "tokenURL": ["https://{{subdomain}}.example.com/oauth/token"], "oAuth2GrantTypesSupported": ["CLIENT_CREDENTIALS"],
                "oAuth2CustomProperties": [{ "key": "subdomain", "required": true, "type": "TOKEN_URL", "description": "Your subdomain (e.g. acme, for acme.example.com)" }]
              }
            }
            """));

        var oauth = configuration.AuthenticationConfig!.OAuth2Defaults!;
        Assert.Equal(["https://{{subdomain}}.example.com/oauth/token"], oauth.TokenUrls!);
        Assert.Equal("Your subdomain (e.g. acme, for acme.example.com)", Assert.Single(oauth.Oauth2CustomProperties!).Description);
    }

    [Fact]
    public void Pattern_mismatches_are_handed_back_as_warnings_naming_the_member_and_the_pattern()
    {
        var warnings = new List<string>();

        var configuration = ConnectorConfigurationMapping.FromPayload(FunctionArn, Bytes(Valid("""
            "authenticationConfig": {
              "isOAuth2Supported": true,
              "oAuth2Defaults": { "tokenURL": ["https://{{subdomain}}.example.com/oauth/token"], "oAuth2GrantTypesSupported": ["CLIENT_CREDENTIALS"] }
            },
            "connectorRuntimeSetting": [{ "key": "instanceUrl", "description": "Base URL (e.g. https://acme.example.com),\nno trailing slash" }]
            """)), warnings);

        Assert.Equal("Base URL (e.g. https://acme.example.com),\nno trailing slash", Assert.Single(configuration.ConnectorRuntimeSettings!).Description);
        Assert.Equal(
        [
            "Value '[https://{{subdomain}}.example.com/oauth/token]' at 'authenticationConfig.oAuth2Defaults.tokenUrls' failed to satisfy constraint: " +
                "Member must satisfy constraint: [Member must satisfy regular expression pattern: ^(https?)://[-a-zA-Z0-9+&@#/%?=~_|!:,.;]*[-a-zA-Z0-9+&@#/%=~_|]]",
            @"Value 'Base URL (e.g. https://acme.example.com), no trailing slash' at 'connectorRuntimeSettings.1.member.description' failed to satisfy constraint: " +
                @"Member must satisfy regular expression pattern: [\s\w/!@#+=.-]*",
        ], warnings);
    }

    [Fact]
    public void The_same_payload_again_is_answered_from_memory_with_its_warnings()
    {
        var function = $"{FunctionArn}-remembered-{Guid.NewGuid():N}";
        var payload = Bytes(Valid("""
            "connectorRuntimeSetting": [{ "key": "instanceUrl", "description": "Base URL, no trailing slash" }]
            """));
        var (first, second) = (new List<string>(), new List<string>());

        var mapped = ConnectorConfigurationMapping.FromPayloadRemembered(function, payload, first);
        var again = ConnectorConfigurationMapping.FromPayloadRemembered(function, [.. payload], second);

        Assert.Same(mapped, again);
        Assert.Single(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Other_bytes_from_the_same_function_are_mapped_anew()
    {
        var function = $"{FunctionArn}-changing-{Guid.NewGuid():N}";
        var one = Bytes(Valid("\"connectorOwner\": \"one\""));
        var two = Bytes(Valid("\"connectorOwner\": \"two\""));

        var owners = new[] { one, two, one }.Select(payload => ConnectorConfigurationMapping.FromPayloadRemembered(function, payload, []).ConnectorOwner);

        Assert.Equal(["one", "two", "one"], owners);
        Assert.Equal(AwsErrorCode.ConnectorServerException, Assert.Throws<AppFlowException>(
            () => ConnectorConfigurationMapping.FromPayloadRemembered(function, Bytes(Valid("\"connectorOwner\": \"three\"", name: null)), [])).Code);
        Assert.Equal("one", ConnectorConfigurationMapping.FromPayloadRemembered(function, one, []).ConnectorOwner);
    }

    [Fact]
    public void A_payload_over_the_remembered_size_is_mapped_every_time()
    {
        var function = $"{FunctionArn}-large-{Guid.NewGuid():N}";
        var payload = Bytes(Valid($"\"padding\": \"{new string('x', ConnectorConfigurationMapping.RememberedPayloadBytes)}\""));

        var mapped = ConnectorConfigurationMapping.FromPayloadRemembered(function, payload, []);
        var again = ConnectorConfigurationMapping.FromPayloadRemembered(function, payload, []);

        Assert.NotSame(mapped, again);
        Assert.Equal(JsonSerializer.Serialize(mapped, AppFlowJsonContext.Default.ConnectorConfiguration),
            JsonSerializer.Serialize(again, AppFlowJsonContext.Default.ConnectorConfiguration));
    }

    [Fact]
    public void A_valid_configuration_has_no_warnings()
    {
        var warnings = new List<string>();

        ConnectorConfigurationMapping.FromPayload(FunctionArn, Bytes(BuiltInFunctions.JavaSdkPayload), warnings);

        Assert.Empty(warnings);
    }

    [Fact]
    public void Empty_connector_modes_are_refused()
    {
        var exception = Fail("""{"isSuccess": true, "connectorName": "n", "connectorVersion": "1", "connectorModes": []}""");

        Assert.Equal(
            $"Connector function {FunctionArn} returned a configuration the API cannot accept: " +
            "Value '[]' at 'connectorModes' failed to satisfy constraint: Member must have length greater than or equal to 1",
            exception.Message);
    }

    [Fact]
    public void A_six_megabyte_connector_name_is_quoted_at_most_a_kilobyte()
    {
        var exception = Fail(Valid($$"""
            "connectorName": "{{new string('n', 6_000_000)}}"
            """, name: null));

        Assert.Contains($"'{new string('n', 1024)}...' at 'connectorName' failed to satisfy constraint: Member must have length less than or equal to 256",
            exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 2048, $"{exception.Message.Length} characters");
    }

    [Fact]
    public void Twenty_thousand_unknown_operators_make_one_bounded_clause()
    {
        var operators = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"\"LIKE_{i}\""));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var exception = Fail(Valid($$"""
            "operatorsSupported": [{{operators}}]
            """));

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
        Assert.StartsWith($"Connector function {FunctionArn} returned a configuration the API cannot accept: Value '[LIKE_0, LIKE_1, ", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("...' at 'supportedOperators' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: " +
            "[PROJECTION, LESS_THAN, GREATER_THAN, CONTAINS, BETWEEN, LESS_THAN_OR_EQUAL_TO, GREATER_THAN_OR_EQUAL_TO, EQUAL_TO, NOT_EQUAL_TO, ADDITION, " +
            "MULTIPLICATION, DIVISION, SUBTRACTION, MASK_ALL, MASK_FIRST_N, MASK_LAST_N, VALIDATE_NON_NULL, VALIDATE_NON_ZERO, VALIDATE_NON_NEGATIVE, VALIDATE_NUMERIC, NO_OP]]",
            exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 2048, $"{exception.Message.Length} characters");
    }

    [Fact]
    public void Violations_past_the_fiftieth_are_counted_not_quoted()
    {
        var properties = string.Join(", ", Enumerable.Range(1, 200).Select(i => $$"""{"key": "k{{i}}", "type": "BODY"}"""));

        var exception = Fail(Valid($$$"""
            "authenticationConfig": {"isOAuth2Supported": true, "oAuth2Defaults": {"oauth2CustomProperties": [{{{properties}}}]}}
            """));

        Assert.Equal(50, exception.Message.Split("; ").Length - 1);
        Assert.Contains("Value 'BODY' at 'authenticationConfig.oAuth2Defaults.oauth2CustomProperties.50.member.type'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".51.member", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("; and 150 more", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_connector_message_is_cut_between_characters_not_inside_a_surrogate_pair()
    {
        var exception = Fail($$$"""
            {"isSuccess": false, "errorDetails": {"errorCode": "ServerError", "errorMessage": "{{{new string('a', 1023)}}}\ud83d\ude00{{{new string('b', 100)}}}"}}
            """);

        Assert.EndsWith($": {new string('a', 1023)}...", exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<byte[], string> MalformedStrings() => new()
    {
        { Bytes(Valid(@"""connectorName"": ""Broken \ud800 name""", name: null)), @"a string at 'connectorName' that holds a lone surrogate (\ud800), which is not a Unicode character" },
        { Bytes(Valid(@"""supportedApiVersions"": [""v1"", ""\udc00""]")), @"a string at 'supportedApiVersions[1]' that holds a lone surrogate (\udc00), which is not a Unicode character" },
        { Bytes(Valid(@"""authenticationConfig"": {""isOAuth2Supported"": true, ""\ud800"": 1}")), @"a member name in 'authenticationConfig' that holds a lone surrogate (\ud800), which is not a Unicode character" },
        { [.. Bytes("""{"isSuccess": true, "connectorName": "Broken """), 0xED, 0xA0, 0x80, .. Bytes(""" name", "connectorVersion": "1", "connectorModes": ["SOURCE"]}""")],
            "a string at 'connectorName' that is not valid UTF-8 (bytes ED A0 80 at byte 7 encode a UTF-16 surrogate, which UTF-8 excludes)" },
        { [.. Bytes("""{"isSuccess": true, "connectorName": "n", "connectorVersion": "1", "connectorModes": ["SOURCE"], "connectorOwner": "Own"""), 0xFF, .. Bytes("""er"}""")],
            "a string at 'connectorOwner' that is not valid UTF-8 (byte FF at byte 3)" },
    };

    [Theory]
    [MemberData(nameof(MalformedStrings))]
    public void A_string_that_is_not_Unicode_is_reported_as_what_it_is(byte[] payload, string what)
    {
        var exception = Assert.Throws<AppFlowException>(() => ConnectorConfigurationMapping.FromPayload(FunctionArn, payload));

        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Equal($"Connector function {FunctionArn} returned {what}.", exception.Message);
    }

    /// <summary>A valid Python-style payload with <paramref name="members"/> added (they win over the defaults).</summary>
    private static string Valid(string members, string? name = "Connector") => $$"""
        {
          {{members}},
          "isSuccess": true,
          {{(name is null ? "" : $"\"connectorName\": \"{name}\",")}}
          "connectorVersion": "1.0",
          "connectorModes": ["SOURCE"]
        }
        """;

    private static DescribeConnectorConfigurationResponse Read(string payload) => ConnectorConfigurationMapping.Read(FunctionArn, Bytes(payload));

    private static ConnectorConfiguration Map(string payload) => ConnectorConfigurationMapping.FromPayload(FunctionArn, Bytes(payload));

    private static AppFlowException Fail(string payload) =>
        Assert.Throws<AppFlowException>(() => ConnectorConfigurationMapping.FromPayload(FunctionArn, Bytes(payload)));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static void AssertMapsTo(string payload, string expected)
    {
        var actual = JsonSerializer.SerializeToNode(Map(payload), AppFlowJsonContext.Default.ConnectorConfiguration);
        var wanted = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(wanted, actual),
            $"expected:\n{wanted!.ToJsonString()}\nactual:\n{actual!.ToJsonString()}");
    }
}
