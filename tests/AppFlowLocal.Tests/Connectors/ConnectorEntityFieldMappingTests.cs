using System.Text;
using System.Text.Json;
using AppFlowLocal.Connectors;
using AppFlowLocal.Model;
using AppFlowLocal.Wire;

namespace AppFlowLocal.Tests.Connectors;

/// <summary>The mapping of the SDKs' FieldDefinition to the API's ConnectorEntityField, with both SDKs' habits.</summary>
public sealed class ConnectorEntityFieldMappingTests
{
    private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:f";

    private static string Mapped(string fields) =>
        JsonSerializer.Serialize(
            new DescribeConnectorEntityResponse
            {
                ConnectorEntityFields = ConnectorEntityFieldMapping.FromPayload(Function, Encoding.UTF8.GetBytes(
                    """{"isSuccess":true,"entityDefinition":{"entity":{"entityIdentifier":"e"},"fields":FIELDS}}""".Replace("FIELDS", fields, StringComparison.Ordinal))),
            },
            AppFlowJsonContext.Default.DescribeConnectorEntityResponse);

    [Fact]
    public void Every_member_of_a_Java_SDK_field_lands_in_its_API_place()
    {
        var mapped = Mapped("""
            [{"fieldName":"Amount","dataType":"BigDecimal","dataTypeLabel":"Currency","label":"Amount","description":"Value in USD",
              "isPrimaryKey":false,"defaultValue":"0","isDeprecated":true,
              "constraints":{"allowedLengthRange":{"minRange":0,"maxRange":20},"allowedValueRange":{"minRange":-1.5,"maxRange":1E6},
                             "allowedValues":["1","2"],"allowedValuesRegexPattern":"[0-9]*","allowedDateFormat":"yyyy"},
              "readProperties":{"isRetrievable":true,"isNullable":true,"isQueryable":false,"isTimestampFieldForIncrementalQueries":false},
              "writeProperties":{"isCreatable":true,"isUpdatable":false,"isNullable":true,"isUpsertable":true,"isDefaultedOnCreate":false,
                                 "supportedWriteOperations":["INSERT","UPSERT"]},
              "filterOperators":["EQUAL_TO","BETWEEN"],"customProperties":{"unit":"USD"}}]
            """);

        Assert.Equal("""
            {"connectorEntityFields":[{"identifier":"Amount","label":"Amount","isPrimaryKey":false,"defaultValue":"0","isDeprecated":true,
            "supportedFieldTypeDetails":{"v1":{"fieldType":"BigDecimal","filterOperators":["EQUAL_TO","BETWEEN"],"supportedValues":["1","2"],
            "valueRegexPattern":"[0-9]*","supportedDateFormat":"yyyy","fieldValueRange":{"maximum":1000000,"minimum":-1.5},"fieldLengthRange":{"maximum":20,"minimum":0}}},
            "description":"Value in USD","sourceProperties":{"isRetrievable":true,"isQueryable":false,"isTimestampFieldForIncrementalQueries":false},
            "destinationProperties":{"isCreatable":true,"isNullable":true,"isUpsertable":true,"isUpdatable":false,"isDefaultedOnCreate":false,
            "supportedWriteOperations":["INSERT","UPSERT"]},"customProperties":{"unit":"USD"}}]}
            """.Replace("\n", "", StringComparison.Ordinal), mapped);
    }

    [Fact]
    public void A_Python_SDK_field_s_nulls_and_a_Java_SDK_field_s_omissions_are_left_out_and_decimal_strings_are_numbers()
    {
        var python = Mapped("""
            [{"fieldName":"Id","dataType":"String","dataTypeLabel":null,"label":null,"description":null,"isPrimaryKey":null,"defaultValue":null,
              "isDeprecated":null,"constraints":{"allowedLengthRange":{"minRange":"1","maxRange":"36"},"allowedValueRange":null,"allowedValues":null,
              "allowedValuesRegexPattern":null,"allowedDateFormat":null},"readProperties":null,"writeProperties":null,"filterOperators":null,
              "customProperties":null}]
            """);
        var java = Mapped("""[{"fieldName":"Id","dataType":"String","constraints":{"allowedLengthRange":{"minRange":1,"maxRange":36}}}]""");

        const string expected = """{"connectorEntityFields":[{"identifier":"Id","supportedFieldTypeDetails":{"v1":{"fieldType":"String","filterOperators":[],"fieldLengthRange":{"maximum":36,"minimum":1}}}}]}""";
        Assert.Equal(expected, python);
        Assert.Equal(expected, java);
    }

    [Theory]
    [InlineData("""[{"dataType":"String"}]""", "entityDefinition.fields[0] has no fieldName")]
    [InlineData("""[{"fieldName":"a","dataType":"String"},{"fieldName":"b"}]""", "entityDefinition.fields[1] (b) has no dataType")]
    [InlineData("""[{"fieldName":"a","dataType":"String","constraints":{"allowedValueRange":{"minRange":true}}}]""", "(a) has minRange true, which is not a number")]
    [InlineData("""[{"fieldName":"a","dataType":"Double","constraints":{"allowedValueRange":{"maxRange":1e400}}}]""", "(a) has maxRange 1e400, which is not a finite number")]
    [InlineData("""[{"fieldName":"a","dataType":"Double","constraints":{"allowedValueRange":{"minRange":-1e400}}}]""", "(a) has minRange -1e400, which is not a finite number")]
    [InlineData("""[{"fieldName":"a","dataType":"Double","constraints":{"allowedLengthRange":{"maxRange":"1e400"}}}]""", "(a) has maxRange \"1e400\", which is not a finite number")]
    [InlineData("""[{"fieldName":"a","dataType":"Double","constraints":{"allowedValueRange":{"minRange":"NaN"}}}]""", "(a) has minRange \"NaN\", which is not a finite number")]
    [InlineData("""[{"fieldName":"a","dataType":"Double","constraints":{"allowedValueRange":{"minRange":"Infinity"}}}]""", "(a) has minRange \"Infinity\", which is not a finite number")]
    [InlineData("""[{"fieldName":"a","dataType":"Double","constraints":{"allowedValueRange":{"minRange":"ten"}}}]""", "(a) has minRange \"ten\", which is not a number")]
    [InlineData("null", "without entityDefinition.fields")]
    public void A_field_AppFlow_cannot_use_is_a_ConnectorServerException_naming_it(string fields, string expected)
    {
        var exception = Assert.Throws<AppFlowException>(() => Mapped(fields));
        Assert.Equal(AwsErrorCode.ConnectorServerException, exception.Code);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }
}
