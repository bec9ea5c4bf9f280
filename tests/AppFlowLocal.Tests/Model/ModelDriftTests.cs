using System.Text.Json;
using AppFlowLocal.Model;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Model;

/// <summary>
/// Our constraints are hand-written in AppFlowModel; these tests read the API model from the
/// installed botocore and fail when the two disagree, so the server cannot drift from AWS.
/// </summary>
public sealed class ModelDriftTests
{
    private static readonly Lazy<JsonElement> Botocore = new(LoadBotocoreShapes);

    public static TheoryData<string> StructureNames()
    {
        var data = new TheoryData<string>();
        foreach (var structure in AppFlowModel.Structures)
        {
            data.Add(structure.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StructureNames))]
    public void Structure_matches_the_botocore_model(string name)
    {
        var ours = AppFlowModel.Structures.Single(s => s.Name == name);
        var theirs = Shape(name);
        Assert.Equal("structure", theirs.GetProperty("type").GetString());

        var theirMembers = theirs.GetProperty("members").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetProperty("shape").GetString()!);
        var ourMembers = ours.Members.Select(m => m.Name).ToList();
        if (name.EndsWith("Request", StringComparison.Ordinal))
        {
            // Inputs must be complete: a member we did not model would be silently ignored.
            Assert.Equal(theirMembers.Keys.Order(), ourMembers.Order());
        }
        else
        {
            Assert.Empty(ourMembers.Except(theirMembers.Keys));
        }

        var theirRequired = theirs.TryGetProperty("required", out var required)
            ? required.EnumerateArray().Select(r => r.GetString()!).Order().ToList()
            : [];
        Assert.Equal(theirRequired, ours.Required.Order().ToList());

        foreach (var member in ours.Members)
        {
            Assert.True(member.Shape.Name == theirMembers[member.Name],
                $"{name}.{member.Name}: ours is {member.Shape.Name}, the model's is {theirMembers[member.Name]}");
            AssertSameShape(member.Shape, $"{name}.{member.Name}");
        }
    }

    [Fact]
    public void Every_error_the_seed_operations_declare_has_the_models_status()
    {
        var model = Botocore.Value;
        foreach (var operation in new[] { "RegisterConnector", "UpdateConnectorRegistration" })
        {
            var errors = model.GetProperty("operations").GetProperty(operation).GetProperty("errors").EnumerateArray()
                .Select(e => e.GetProperty("shape").GetString()!).ToList();
            Assert.Equal(9, errors.Count);
            foreach (var error in errors)
            {
                var code = Enum.Parse<AwsErrorCode>(error);
                var status = Shape(error).GetProperty("error").GetProperty("httpStatusCode").GetInt32();
                Assert.Equal(status, AppFlowException.StatusOf(code));
            }
        }
    }

    [Fact]
    public void Routes_are_the_models_request_uris()
    {
        var operations = Botocore.Value.GetProperty("operations");
        var expected = new Dictionary<string, string>
        {
            ["RegisterConnector"] = "/register-connector",
            ["UpdateConnectorRegistration"] = "/update-connector-registration",
            ["DescribeConnector"] = "/describe-connector",
            ["DescribeConnectors"] = "/describe-connectors",
            ["ListConnectors"] = "/list-connectors",
            ["UnregisterConnector"] = "/unregister-connector",
            ["CreateConnectorProfile"] = "/create-connector-profile",
            ["DescribeConnectorProfiles"] = "/describe-connector-profiles",
            ["DeleteConnectorProfile"] = "/delete-connector-profile",
            ["ListConnectorEntities"] = "/list-connector-entities",
            ["DescribeConnectorEntity"] = "/describe-connector-entity",
            ["UpdateConnectorProfile"] = "/update-connector-profile",
        };
        foreach (var (operation, uri) in expected)
        {
            var http = operations.GetProperty(operation).GetProperty("http");
            Assert.Equal("POST", http.GetProperty("method").GetString());
            Assert.Equal(uri, http.GetProperty("requestUri").GetString());
        }
    }

    private static void AssertSameShape(AppFlowLocal.Model.Shape ours, string where)
    {
        var theirs = Shape(ours.Name);
        var type = theirs.GetProperty("type").GetString();
        switch (ours)
        {
            case StringShape text:
                Assert.Equal("string", type);
                Assert.True(Int(theirs, "min") == text.Min, $"{where} ({ours.Name}) min");
                Assert.True(Int(theirs, "max") == text.Max, $"{where} ({ours.Name}) max");
                Assert.True(Str(theirs, "pattern") == text.Pattern, $"{where} ({ours.Name}) pattern: {Str(theirs, "pattern")} vs {text.Pattern}");
                var theirEnum = theirs.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : null;
                Assert.Equal(theirEnum, text.Enum?.ToList());
                Assert.True(Sensitive(theirs) == text.Sensitive, $"{where} ({ours.Name}) sensitive");
                break;
            case MapShape map:
                Assert.Equal("map", type);
                Assert.Equal(Int(theirs, "min"), map.Min);
                Assert.Equal(Int(theirs, "max"), map.Max);
                Assert.Equal(theirs.GetProperty("key").GetProperty("shape").GetString(), map.Key.Name);
                Assert.Equal(theirs.GetProperty("value").GetProperty("shape").GetString(), map.Value.Name);
                AssertSameShape(map.Key, where + ".key");
                AssertSameShape(map.Value, where + ".value");
                break;
            case IntegerShape integer:
                Assert.Equal("integer", type);
                Assert.Equal(Int(theirs, "min"), integer.Min);
                Assert.Equal(Int(theirs, "max"), integer.Max);
                break;
            case BooleanShape:
                Assert.Equal("boolean", type);
                break;
            case TimestampShape:
                Assert.Equal("timestamp", type);
                break;
            case ListShape list:
                Assert.Equal("list", type);
                Assert.Equal(Int(theirs, "min"), list.Min);
                Assert.Equal(Int(theirs, "max"), list.Max);
                Assert.Equal(theirs.GetProperty("member").GetProperty("shape").GetString(), list.Member.Name);
                AssertSameShape(list.Member, where + ".member");
                break;
            case StructureShape structure:
                Assert.Equal("structure", type);
                Structure_matches_the_botocore_model_inner(structure);
                break;
            default:
                Assert.Fail($"{where}: unexpected shape kind {ours.GetType().Name}");
                break;
        }
    }

    private static void Structure_matches_the_botocore_model_inner(StructureShape structure) =>
        new ModelDriftTests().Structure_matches_the_botocore_model(structure.Name);

    private static int? Int(JsonElement shape, string name) => shape.TryGetProperty(name, out var v) ? v.GetInt32() : null;

    private static bool Sensitive(JsonElement shape) => shape.TryGetProperty("sensitive", out var v) && v.GetBoolean();

    private static string? Str(JsonElement shape, string name) => shape.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static JsonElement Shape(string name) => Botocore.Value.GetProperty("shapes").GetProperty(name);

    private static JsonElement LoadBotocoreShapes()
    {
        const string script = """
            import botocore, gzip, json, os, sys
            path = os.path.join(os.path.dirname(botocore.__file__), 'data', 'appflow', '2020-08-23', 'service-2.json.gz')
            sys.stdout.write(gzip.open(path).read().decode('utf-8'))
            """;
        var result = ExternalProcess.RunAsync("python3", ["-c", script]).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, $"botocore's AppFlow model could not be read: {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
