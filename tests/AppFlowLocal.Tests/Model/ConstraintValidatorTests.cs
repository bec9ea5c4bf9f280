using System.Text.Json;
using AppFlowLocal.Model;

namespace AppFlowLocal.Tests.Model;

public sealed class ConstraintValidatorTests
{
    /// <summary>The clauses reported, after checking that none went unreported.</summary>
    private static IReadOnlyList<string> Validate(string json, StructureShape shape)
    {
        var violations = Violations(json, shape);
        Assert.Equal(violations.Total, violations.Reported.Count);
        return violations.Reported;
    }

    private static ConstraintViolations Violations(string json, StructureShape shape, ConstraintViolations? patternWarnings = null)
    {
        using var document = JsonDocument.Parse(json);
        return ConstraintValidator.Validate(document.RootElement, shape, patternWarnings);
    }

    [Fact]
    public void A_valid_register_request_has_no_violations()
    {
        var violations = Validate("""
            {"connectorLabel":"my-connector","description":"Reads things","connectorProvisioningType":"LAMBDA",
             "connectorProvisioningConfig":{"lambda":{"lambdaArn":"arn:aws:lambda:us-east-1:123456789012:function:f"}},"clientToken":"t-1"}
            """, AppFlowModel.RegisterConnectorRequest);
        Assert.Empty(violations);
    }

    [Fact]
    public void Every_violation_is_reported_in_AWS_form_in_member_order()
    {
        var violations = Validate("""{"connectorLabel":"x y"}""", AppFlowModel.RegisterConnectorRequest);
        Assert.Equal(
        [
            @"Value 'x y' at 'connectorLabel' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][\w!@#.-]+",
            "Value null at 'connectorProvisioningConfig.lambda.lambdaArn' failed to satisfy constraint: Member must not be null",
        ], violations);
        Assert.Equal(
            "2 validation errors detected: " + string.Join("; ", violations),
            AppFlowException.Validation(violations).Message);
    }

    [Fact]
    public void A_scalar_list_reports_each_broken_constraint_once_however_many_members_break_it()
    {
        var types = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"NotAType{i}\""));

        var violations = Validate($"{{\"connectorTypes\":[{types}]}}", AppFlowModel.DescribeConnectorsRequest);

        Assert.Equal(2, violations.Count);
        Assert.StartsWith("Value '[NotAType0, NotAType1, NotAType2, ", violations[0], StringComparison.Ordinal);
        Assert.EndsWith("...' at 'connectorTypes' failed to satisfy constraint: Member must have length less than or equal to 100", violations[0], StringComparison.Ordinal);
        Assert.EndsWith("...' at 'connectorTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [" +
            string.Join(", ", AppFlowModel.ConnectorType.Enum!) + "]]", violations[1], StringComparison.Ordinal);
        Assert.All(violations, v => Assert.True(v.Length < 2048, $"{v.Length} characters"));
    }

    [Fact]
    public void A_scalar_list_lists_its_broken_constraints_in_the_order_first_met()
    {
        var violations = Validate("""{"connectorTypes":["Nope", null, "Nada", null, "CustomConnector"]}""", AppFlowModel.DescribeConnectorsRequest);

        Assert.Equal(2, violations.Count);
        Assert.StartsWith("Value '[Nope, null, Nada, null, CustomConnector]' at 'connectorTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [",
            violations[0], StringComparison.Ordinal);
        Assert.Equal("Value '[Nope, null, Nada, null, CustomConnector]' at 'connectorTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must not be null]",
            violations[1]);
    }

    [Fact]
    public void A_long_value_is_quoted_to_1024_characters_without_splitting_a_surrogate_pair()
    {
        var label = new string('a', 1023) + "\U0001F600" + new string('b', 300_000);

        var violations = Validate(JsonSerializer.Serialize(new Dictionary<string, string> { ["connectorLabel"] = label }), AppFlowModel.UnregisterConnectorRequest);

        Assert.Equal(
        [
            $"Value '{new string('a', 1023)}...' at 'connectorLabel' failed to satisfy constraint: Member must have length less than or equal to 256",
            $"Value '{new string('a', 1023)}...' at 'connectorLabel' failed to satisfy constraint: Member must satisfy regular expression pattern: {AppFlowModel.ConnectorLabel.Pattern}",
        ], violations);
    }

    [Fact]
    public void A_value_of_exactly_1024_characters_is_quoted_whole()
    {
        var violation = Validate($$"""{"connectorLabel":"{{new string('a', 1024)}}"}""", AppFlowModel.UnregisterConnectorRequest).Single();

        Assert.StartsWith($"Value '{new string('a', 1024)}' at", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_50_clauses_are_reported_and_the_count_stays_the_true_total()
    {
        var configs = string.Join(",", Enumerable.Range(1, 120).Select(i => $$"""{"customAuthenticationType":"bad {{i}}"}"""));

        var violations = Violations($$$"""{"authenticationConfig":{"customAuthConfigs":[{{{configs}}}]}}""", AppFlowModel.ConnectorConfiguration);

        Assert.Equal((120, ConstraintViolations.ReportedLimit), (violations.Total, violations.Reported.Count));
        var message = AppFlowException.Validation(violations).Message;
        Assert.StartsWith("120 validation errors detected: Value 'bad 1' at 'authenticationConfig.customAuthConfigs.1.member.customAuthenticationType'", message, StringComparison.Ordinal);
        Assert.Contains("Value 'bad 50' at 'authenticationConfig.customAuthConfigs.50.member.customAuthenticationType' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S+; and 70 more",
            message, StringComparison.Ordinal);
        Assert.EndsWith("; and 70 more", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clause_found_again_counts_once_also_past_the_reported_ones()
    {
        var violations = new ConstraintViolations();
        for (var i = 0; i < 60; i++)
        {
            violations.Add($"clause {i}");
        }

        violations.Add("clause 3");
        violations.Add("clause 55");

        Assert.Equal((60, 50), (violations.Total, violations.Reported.Count));
        Assert.Equal("clause 49", violations.Reported[^1]);
        Assert.EndsWith("clause 49; and 10 more", violations.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_match_that_times_out_is_a_reported_violation()
    {
        var shape = new StructureShape("Test", [new("value", new StringShape("Catastrophic", Pattern: "(a+)+b"))]);

        var violation = Validate($$"""{"value":"{{new string('a', 40)}}"}""", shape).Single();

        Assert.Equal($"Value '{new string('a', 40)}' at 'value' failed to satisfy constraint: Member must satisfy regular expression pattern: (a+)+b (matching did not finish within 1 s)",
            violation);
    }

    [Fact]
    public void Pattern_mismatches_can_be_reported_apart_from_violations()
    {
        var warnings = new ConstraintViolations();

        var violations = Violations("""
            {"connectorModes":[],"authenticationConfig":{"oAuth2Defaults":{"tokenUrls":["https://{{subdomain}}.example.com/oauth/token"],"oauth2GrantTypesSupported":["PASSWORD"]}},
             "connectorRuntimeSettings":[{"key":"url","description":"Base URL (e.g. https://acme.example.com), no trailing slash"}]}
            """, AppFlowModel.ConnectorConfiguration, warnings);

        Assert.Equal(
            ["Value '[PASSWORD]' at 'authenticationConfig.oAuth2Defaults.oauth2GrantTypesSupported' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [CLIENT_CREDENTIALS, AUTHORIZATION_CODE, JWT_BEARER]]"],
            violations.Reported);
        Assert.Equal(
        [
            "Value '[https://{{subdomain}}.example.com/oauth/token]' at 'authenticationConfig.oAuth2Defaults.tokenUrls' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: " + AppFlowModel.TokenUrl.Pattern + "]",
            "Value 'Base URL (e.g. https://acme.example.com), no trailing slash' at 'connectorRuntimeSettings.1.member.description' failed to satisfy constraint: Member must satisfy regular expression pattern: " + AppFlowModel.Description.Pattern,
        ], warnings.Reported);
    }

    [Theory]
    [InlineData("""{"\ud800":1}""", "a member name in the top-level object that holds a lone surrogate (\\ud800)")]
    [InlineData("""{"connectorLabel":"ab","m":{"x":["ok","\udc00"]}}""", "a string at 'm.x[1]' that holds a lone surrogate (\\udc00)")]
    [InlineData("""{"connectorLabel":"\ud800\ud800"}""", "a string at 'connectorLabel' that holds a lone surrogate (\\ud800)")]
    public void Text_that_is_not_Unicode_is_a_SerializationException_naming_where(string json, string what)
    {
        var error = Assert.Throws<AppFlowException>(() => Validate(json, AppFlowModel.UnregisterConnectorRequest));

        Assert.Equal(AwsErrorCode.SerializationException, error.Code);
        Assert.Equal($"UnregisterConnectorRequest has {what}, which is not a Unicode character.", error.Message);
    }

    [Fact]
    public void An_escaped_surrogate_pair_is_text()
    {
        Assert.Single(Validate("""{"connectorLabel":"ab\ud83d\ude00"}""", AppFlowModel.UnregisterConnectorRequest));
    }

    [Fact]
    public void A_missing_label_is_reported_as_null()
    {
        var violations = Validate("""{"connectorProvisioningConfig":{"lambda":{"lambdaArn":"arn:aws:lambda:us-east-1:123456789012:function:f"}}}""",
            AppFlowModel.RegisterConnectorRequest);
        Assert.Equal(["Value null at 'connectorLabel' failed to satisfy constraint: Member must not be null"], violations);
    }

    [Fact]
    public void A_nested_required_member_is_reported_once()
    {
        var violations = Validate("""{"connectorLabel":"ok","connectorProvisioningConfig":{"lambda":{}}}""", AppFlowModel.RegisterConnectorRequest);
        Assert.Equal(["Value null at 'connectorProvisioningConfig.lambda.lambdaArn' failed to satisfy constraint: Member must not be null"], violations);
    }

    [Fact]
    public void Length_and_pattern_are_both_reported_for_one_value()
    {
        var label = new string('a', 256) + " ";
        var violations = Validate($$"""{"connectorLabel":"{{label}}"}""", AppFlowModel.UnregisterConnectorRequest);
        Assert.Equal(2, violations.Count);
        Assert.Contains("Member must have length less than or equal to 256", violations[0], StringComparison.Ordinal);
        Assert.Contains("Member must satisfy regular expression pattern", violations[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"connectorLabel":"ab","clientToken":""}""", "Value '' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("""{"connectorLabel":"ab","clientToken":"tab\there"}""", "at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [ -~]+")]
    [InlineData("""{"connectorLabel":"ab","description":"semi;colon"}""", @"Value 'semi;colon' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\s\w/!@#+=.-]*")]
    public void String_constraints_from_the_model_apply(string json, string expected)
    {
        var violations = Validate(json, AppFlowModel.UpdateConnectorRegistrationRequest);
        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
        Assert.All(violations, v => Assert.DoesNotContain("connectorLabel", v, StringComparison.Ordinal));
    }

    [Fact]
    public void Enums_are_checked_and_listed()
    {
        var violation = Assert.Single(Validate(
            """
            {"connectorLabel":"ab","connectorProvisioningType":"HTTP",
             "connectorProvisioningConfig":{"lambda":{"lambdaArn":"arn:aws:lambda:us-east-1:123456789012:function:f"}}}
            """,
            AppFlowModel.RegisterConnectorRequest));
        Assert.Equal("Value 'HTTP' at 'connectorProvisioningType' failed to satisfy constraint: Member must satisfy enum value set: [LAMBDA]", violation);
    }

    [Theory]
    [InlineData(0, "Member must have value greater than or equal to 1")]
    [InlineData(101, "Member must have value less than or equal to 100")]
    public void Integer_ranges_are_checked(int maxResults, string constraint)
    {
        var violation = Assert.Single(Validate($$"""{"maxResults":{{maxResults}}}""", AppFlowModel.ListConnectorsRequest));
        Assert.Equal($"Value '{maxResults}' at 'maxResults' failed to satisfy constraint: {constraint}", violation);
    }

    [Fact]
    public void Scalar_list_members_are_reported_on_the_list()
    {
        var violation = Assert.Single(Validate("""{"connectorTypes":["CustomConnector","Nope"]}""", AppFlowModel.DescribeConnectorsRequest));
        Assert.StartsWith("Value '[CustomConnector, Nope]' at 'connectorTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Structure_list_members_are_addressed_by_position()
    {
        var configuration = """{"authenticationConfig":{"customAuthConfigs":[{"customAuthenticationType":"ok"},{"customAuthenticationType":"has space"}]}}""";
        var violations = Validate(configuration, AppFlowModel.ConnectorConfiguration);
        Assert.Equal([@"Value 'has space' at 'authenticationConfig.customAuthConfigs.2.member.customAuthenticationType' failed to satisfy constraint: Member must satisfy regular expression pattern: \S+"], violations);
    }

    [Fact]
    public void What_a_connector_must_supply_is_required()
    {
        var violations = Validate("{}", AppFlowModel.ConnectorConfigurationFromConnector);
        Assert.Equal(
        [
            "Value null at 'connectorName' failed to satisfy constraint: Member must not be null",
            "Value null at 'connectorVersion' failed to satisfy constraint: Member must not be null",
            "Value null at 'connectorModes' failed to satisfy constraint: Member must not be null",
        ], violations);
    }

    [Theory]
    [InlineData("""{"connectorLabel":5}""", "'connectorLabel'")]
    [InlineData("""{"connectorLabel":"ab","forceDelete":"true"}""", "'forceDelete'")]
    [InlineData("""[]""", "UnregisterConnectorRequest")]
    public void A_member_of_the_wrong_JSON_type_is_a_SerializationException(string json, string named)
    {
        var error = Assert.Throws<AppFlowException>(() => Validate(json, AppFlowModel.UnregisterConnectorRequest));
        Assert.Equal(AwsErrorCode.SerializationException, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("3000000000")]
    public void A_non_integer_maxResults_is_a_SerializationException(string value)
    {
        var error = Assert.Throws<AppFlowException>(() => Validate($$"""{"maxResults":{{value}}}""", AppFlowModel.ListConnectorsRequest));
        Assert.Equal(AwsErrorCode.SerializationException, error.Code);
    }

    [Fact]
    public void Patterns_match_the_whole_value_with_Java_character_classes()
    {
        Assert.Single(Validate("""{"connectorLabel":"ab\n"}""", AppFlowModel.UnregisterConnectorRequest));
        Assert.Single(Validate("""{"connectorLabel":"café"}""", AppFlowModel.UnregisterConnectorRequest));
        Assert.Empty(Validate("""{"connectorLabel":"a_b!c@d#e.f-g"}""", AppFlowModel.UnregisterConnectorRequest));
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-fn", true)]
    [InlineData("arn:aws:lambda:eu-west-2:123456789012:function:my_fn:$LATEST", true)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod", true)]
    [InlineData("arn:aws:s3:us-east-1:123456789012:function:my-fn", false)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:my-layer", false)]
    [InlineData("arn:aws:lambda:us-east-1:1234:function:my-fn", false)]
    [InlineData("arn:aws:lambda:us-east-١:123456789012:function:my-fn", false)]
    [InlineData("arn:aws:lambda:us-east-1:١٢٣٤٥٦٧٨٩٠١٢:function:my-fn", false)]
    public void Lambda_arns_must_name_a_function(string arn, bool valid)
    {
        Assert.Equal(valid, FunctionArnConstraint.IsValid(arn));
    }
}
