using System.Text.Json;
using AppFlowLocal.Model;

namespace AppFlowLocal.Tests.Model;

public sealed class ConstraintValidatorTests
{
    private static IReadOnlyList<string> Validate(string json, StructureShape shape)
    {
        using var document = JsonDocument.Parse(json);
        return ConstraintValidator.Validate(document.RootElement, shape);
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
    public void Lambda_arns_must_name_a_function(string arn, bool valid)
    {
        Assert.Equal(valid, FunctionArnConstraint.IsValid(arn));
    }
}
