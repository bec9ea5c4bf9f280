using System.Globalization;
using System.Text;

namespace AppFlowLocal.Tests.Infrastructure;

/// <summary>
/// A seeded generator of mutated AppFlow requests (issue 11, "Tests that prove it"). Each request
/// starts as a valid request of one of the six operations, in one of a few accounts and regions and
/// on a few labels (so the database stays small and writes, conflicts and replays happen), and gets
/// zero to three mutations: dropped, duplicated and wrongly typed members, boundary lengths and
/// numbers, invalid UTF-8 and surrogates in values and member names, unknown and deeply nested
/// members, huge lists, broken bodies, Authorization credential scopes, other routes and methods.
/// Where SPEC.md or the API model decides that a mutation makes the request invalid, the request
/// says why, so the test can check that it is refused; otherwise the outcome is left open.
/// One seed gives one sequence (the nextTokens it reuses come from the server's answers).
/// </summary>
internal sealed class RequestMutator
{
    public const string Register = "/register-connector";
    public const string Update = "/update-connector-registration";
    public const string DescribeOne = "/describe-connector";
    public const string DescribeMany = "/describe-connectors";
    public const string List = "/list-connectors";
    public const string Unregister = "/unregister-connector";

    private const string LabelPath = "connectorLabel";
    private const string DescriptionPath = "description";
    private const string ProvisioningTypePath = "connectorProvisioningType";
    private const string ConfigPath = "connectorProvisioningConfig";
    private const string LambdaPath = "connectorProvisioningConfig.lambda";
    private const string ArnPath = "connectorProvisioningConfig.lambda.lambdaArn";
    private const string TokenPath = "clientToken";
    private const string ConnectorTypePath = "connectorType";
    private const string ConnectorTypesPath = "connectorTypes";
    private const string MaxResultsPath = "maxResults";
    private const string NextTokenPath = "nextToken";
    private const string ForceDeletePath = "forceDelete";
    private const string AuthorizationPart = "@authorization";
    private const string ContentTypePart = "@content-type";

    private static readonly string[] Operations = [Register, Update, DescribeOne, DescribeMany, List, Unregister];
    private static readonly int[] OperationWeights = [24, 14, 12, 12, 12, 20];

    // A few labels per scope keep the database small; the 256-character one is the length boundary.
    private static readonly string Label256 = "L" + Fill("a1_-.!@#B", 255);
    private static readonly string[] Labels = ["fuzz-a", "fuzz-b", "Fuzz.C@1", "f#1-x_y", "z9", Label256];
    private static readonly int[] LabelWeights = [5, 4, 2, 2, 1, 1];
    private static readonly string Description1024 = Fill("Abc def/!@#+=.-_\n", 1024);
    private static readonly string[] Descriptions = ["", "A connector", "Line one\nline two\twith tabs", "sym/!@#+=.-_", "Déjà vu", Description1024];
    private static readonly string Token256 = Printable(256);
    private static readonly string[] Tokens = ["fuzz-token-1", "fuzz-token-2", "a b ~!\"\\'{}", "x", Token256];
    private static readonly string[] AccessKeys = ["111111111111", "222222222222", "AKIDFUZZEXAMPLE"];
    private static readonly int[] AccessKeyWeights = [4, 3, 2];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "us-gov-west-1"];
    private static readonly int[] RegionWeights = [6, 3, 1];

    private static readonly string[] ManagedTypes = ["Salesforce", "S3", "Slack", "Redshift", "SAPOData"];

    // Not one of them matches [a-z]{2}(-[a-z]+)+-\d+, the form SPEC.md requires of a credential-scope region.
    private static readonly string[] InvalidRegions =
    [
        "us:east", "x y'z", "US-WEST-2", "", "us-east", "useast1", "us-east-1a", "us-east-1 ", " us-east-1", "us_east_1",
        "us-east-", "-us-east-1", "u-east-1", "usa-east-1", "us--east-1", "us-east-1-", "Us-east-1", "us-east-1;",
    ];

    private static readonly string[] UnusualValidRegions = ["us-iso-east-1", "cn-north-1", "ap-southeast-2", "us-east-10"];

    private static readonly string[] OddAccessKeys =
    [
        "", "1", "11111111111", "1111111111111", "11111111111a", "AKIAIOSFODNN7EXAMPLE", "key with space", "key'quote\"", "1111 1111111",
    ];

    private static readonly string[] UnknownNames =
    [
        "unknownMember", "ConnectorLabel", "connectorlabel", "CONNECTORLABEL", "connector_label", "", " ", "__proto__", "$type", "a.b",
        "lambda", "x\ny", "forceDelete", "maxResults", "nextToken", "connectorTypes", "description", "clientToken", "connectorType",
        "lambdaArn", "connectorProvisioningConfig", "connectorLabel ",
    ];

    private static readonly (string Json, bool? Valid)[] MaxResultsBoundaries =
    [
        ("0", false), ("1", true), ("100", true), ("101", false), ("-1", false), ("2147483647", false), ("2147483648", false),
        ("-2147483649", false), ("-0.0", false), ("-0", false), ("1.5", false), ("1e400", false), ("99999999999999999999", false),
        ("1e2", null), ("100.0", null), ("1E+1", null), ("0.5e1", null),
    ];

    private static readonly (string Json, string Kind)[] WrongValues =
    [
        ("0", "number"), ("1", "number"), ("-1.5e3", "number"), ("true", "bool"), ("false", "bool"), ("[]", "array"), ("[\"a\"]", "array"),
        ("[1,{}]", "array"), ("{}", "object"), ("{\"a\":\"b\"}", "object"), ("null", "null"), ("\"x\"", "string"), ("\"\"", "string"),
        ("\"true\"", "string"), ("\"1\"", "string"),
    ];

    private static readonly string[] WrongListItems = ["[1]", "[null]", "[[]]", "[{}]", "[true]", "[\"CustomConnector\",5]"];

    private static readonly (byte[] Bytes, string Name)[] InvalidUtf8 =
    [
        ([0xFF], "FF"), ([0xFE], "FE"), ([0xC0, 0x80], "overlong NUL C0 80"), ([0x80], "lone continuation 80"), ([0xE2, 0x82], "truncated E2 82"),
        ([0xF8, 0x88, 0x80, 0x80, 0x80], "5-byte F8"), ([0xF4, 0x90, 0x80, 0x80], "beyond U+10FFFF"),
    ];

    private readonly Random random;
    private readonly Func<string, string> functionArn;
    private readonly Dictionary<string, List<string>> issuedTokens = [];
    private int number;

    /// <param name="functionArn">The ARN of a Lambda stand-in function, by name.</param>
    public RequestMutator(int seed, Func<string, string> functionArn)
    {
        random = new Random(Scramble(seed));
        this.functionArn = functionArn;
    }

    /// <summary>
    /// SplitMix64's finaliser: seeded System.Random streams for nearby seeds (1, 2, 3) are strongly
    /// correlated, so a seed is scrambled before it seeds one.
    /// </summary>
    private static int Scramble(int seed)
    {
        var z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    public static bool IsWrite(string operation) => operation is Register or Update or Unregister;

    /// <summary>A nextToken the server issued, reused by later requests of the same operation, account and region.</summary>
    public void Remember(string pagingScope, string nextToken)
    {
        if (!issuedTokens.TryGetValue(pagingScope, out var tokens))
        {
            issuedTokens[pagingScope] = tokens = [];
        }

        tokens.Add(nextToken);
        if (tokens.Count > 4)
        {
            tokens.RemoveAt(0);
        }
    }

    public MutatedRequest Next()
    {
        number++;
        var draft = new Draft(Operations[Weighted(OperationWeights)]);
        PickScope(draft);
        BuildBase(draft);

        if (Chance(0.05))
        {
            MutateRoute(draft);
        }

        var count = Weighted([22, 55, 15, 8]);
        if (count > 0 && Chance(0.09))
        {
            MutateWholeBody(draft);
            if (Chance(0.25))
            {
                MutateAuthorization(draft);
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                for (var attempt = 0; attempt < 8 && !MutateOnce(draft); attempt++)
                {
                }
            }
        }

        var body = draft.RawBody ?? Serialize(draft.Root);
        return new MutatedRequest(
            number,
            draft.Method,
            draft.Path,
            draft.Authorization,
            draft.ContentType,
            body,
            draft.Mutations,
            draft.Refusals,
            MustSucceed: draft.Operation is List or DescribeMany && draft.Mutations.Count == 0,
            MayWrite: draft.MayWrite,
            PagingScope: draft.Operation is List or DescribeMany && !draft.Touched.Contains(AuthorizationPart) ? draft.PagingScope : null);
    }

    // ---- The valid request ----

    private void PickScope(Draft draft)
    {
        if (Chance(0.1))
        {
            draft.NoAuthorization = true;
            return;
        }

        draft.AccessKey = AccessKeys[Weighted(AccessKeyWeights)];
        draft.Region = Regions[Weighted(RegionWeights)];
    }

    private void BuildBase(Draft draft)
    {
        var root = draft.Root;
        switch (draft.Operation)
        {
            case Register:
                Add(root, LabelPath, Str(PickLabel()));
                AddSometimes(root, 0.5, DescriptionPath, () => Str(Pick(Descriptions)));
                AddSometimes(root, 0.6, ProvisioningTypePath, () => Str("LAMBDA"));
                root.Members.Add(Config(PickFunctionArn()));
                AddSometimes(root, 0.4, TokenPath, () => Str(Pick(Tokens)));
                break;
            case Update:
                Add(root, LabelPath, Str(PickLabel()));
                AddSometimes(root, 0.5, DescriptionPath, () => Str(Pick(Descriptions)));
                if (Chance(0.5))
                {
                    root.Members.Add(Config(PickFunctionArn()));
                }

                AddSometimes(root, 0.4, TokenPath, () => Str(Pick(Tokens)));
                break;
            case DescribeOne:
                Add(root, ConnectorTypePath, Str("CustomConnector"));
                Add(root, LabelPath, Str(PickLabel()));
                break;
            case DescribeMany:
                AddSometimes(root, 0.5, ConnectorTypesPath, () => Chance(0.5) ? Utf8("[]") : Utf8("[\"CustomConnector\"]"));
                AddPaging(draft);
                break;
            case List:
                AddPaging(draft);
                break;
            case Unregister:
                Add(root, LabelPath, Str(PickLabel()));
                AddSometimes(root, 0.3, ForceDeletePath, () => Utf8(Chance(0.5) ? "true" : "false"));
                break;
        }

        if (Chance(0.3))
        {
            Shuffle(root.Members);
        }
    }

    private void AddPaging(Draft draft)
    {
        // Small pages make the server issue nextTokens that later requests reuse.
        AddSometimes(draft.Root, 0.5, MaxResultsPath, () => Utf8(Chance(0.4) ? random.Next(1, 4).ToString(CultureInfo.InvariantCulture) : random.Next(1, 101).ToString(CultureInfo.InvariantCulture)));
        var wantsToken = Chance(0.3);
        var index = random.Next(4);
        if (wantsToken && issuedTokens.TryGetValue(draft.PagingScope, out var tokens) && tokens.Count > 0)
        {
            Add(draft.Root, NextTokenPath, Str(tokens[index % tokens.Count]));
        }
    }

    private JsonMember Config(string arn)
    {
        var lambda = new JsonObject();
        Add(lambda, ArnPath, Str(arn));
        var config = new JsonObject();
        config.Members.Add(new JsonMember(Name("lambda"), lambda, LambdaPath));
        return new JsonMember(Name("connectorProvisioningConfig"), config, ConfigPath);
    }

    private string PickLabel() => Labels[Weighted(LabelWeights)];

    private string PickFunctionArn()
    {
        var roll = random.Next(100);
        if (roll < 80)
        {
            return functionArn(LambdaStandInHost.Functions.SamplePython);
        }

        if (roll < 85)
        {
            return functionArn(LambdaStandInHost.Functions.SampleJava);
        }

        // A registration that fails at the connector must leave nothing behind.
        return functionArn(Pick(
        [
            LambdaStandInHost.Functions.Throws, LambdaStandInHost.Functions.InvalidCredentials, LambdaStandInHost.Functions.OtherError,
            LambdaStandInHost.Functions.InvalidConfiguration, LambdaStandInHost.Functions.NotJson, LambdaStandInHost.Functions.Throttled,
            LambdaStandInHost.Functions.Denied, LambdaStandInHost.Functions.Missing,
        ]));
    }

    // ---- Mutations ----

    private bool MutateOnce(Draft draft) => Weighted([8, 6, 10, 12, 4, 5, 5, 5, 3, 2, 8, 2]) switch
    {
        0 => Drop(draft),
        1 => Duplicate(draft),
        2 => WrongType(draft),
        3 => Boundary(draft),
        4 => InvalidUtf8InValue(draft),
        5 => SurrogateInValue(draft),
        6 => SurrogateInName(draft),
        7 => UnknownMember(draft),
        8 => DeepNesting(draft),
        9 => HugeList(draft),
        10 => MutateAuthorization(draft),
        _ => MutateContentType(draft),
    };

    private bool Drop(Draft draft)
    {
        if (PickCandidate(draft) is not { } path)
        {
            return false;
        }

        var (parent, member) = Find(draft.Root, path);
        parent.Members.Remove(member);
        Touch(draft, path, "drop", path);
        RefuseIfRequired(draft, path, "missing");
        return true;
    }

    private bool Duplicate(Draft draft)
    {
        if (PickCandidate(draft) is not { } path)
        {
            return false;
        }

        var (parent, member) = Find(draft.Root, path);
        var segment = path[(path.LastIndexOf('.') + 1)..];
        var variant = random.Next(3);
        var name = variant == 2 ? EscapedSpelling(segment) : member.Name;
        var value = variant == 1 ? OtherValue(path) : member.Value;
        parent.Members.Insert(random.Next(parent.Members.Count + 1), new JsonMember(name, value, null));
        Touch(draft, path, "duplicate", $"{path} given twice ({(variant switch { 0 => "same value", 1 => "other value", _ => "name spelled with an escape " + Encoding.UTF8.GetString(name) })})");

        // HostileInputTests decided it: a member given twice would be validated in one spelling and used in another.
        draft.Refusals.Add($"{path} is given twice");
        return true;
    }

    private bool WrongType(Draft draft)
    {
        if (PickCandidate(draft) is not { } path)
        {
            return false;
        }

        var kind = KindOf(path);
        string json;
        if (kind == JsonKind.List && Chance(0.4))
        {
            json = Pick(WrongListItems);
        }
        else
        {
            var excluded = kind switch
            {
                JsonKind.String => "string",
                JsonKind.Integer => "number",
                JsonKind.Boolean => "bool",
                JsonKind.List => "array",
                _ => "object",
            };
            json = Pick(WrongValues.Where(v => v.Kind != excluded).Select(v => v.Json).ToArray());
        }

        Replace(draft, path, Utf8(json));
        Touch(draft, path, "wrong-type", $"{path} = {json}");
        if (json == "null")
        {
            // SPEC.md: null is an absent member.
            RefuseIfRequired(draft, path, "null");
        }
        else
        {
            draft.Refusals.Add($"{path} has the wrong JSON type ({json})");
        }

        return true;
    }

    private bool Boundary(Draft draft)
    {
        if (PickCandidate(draft, p => p != ForceDeletePath) is not { } path)
        {
            return false;
        }

        var (json, valid, detail) = path switch
        {
            LabelPath => StringBoundary(Pick<(string, bool?)>([("", false), ("a", false), ("z9", true), (Label256, true), (Label256 + "x", false)])),
            DescriptionPath => StringBoundary(Pick<(string, bool?)>([("", true), ("d", true), (Description1024, true), (Description1024 + "d", false)])),
            ArnPath => StringBoundary(Pick<(string, bool?)>([("", false), ("a", false), (LongArn(512), null), (LongArn(513), false)])),
            TokenPath => StringBoundary(Pick<(string, bool?)>([("", false), ("x", true), (Token256, true), (Token256 + "~", false)])),

            // No nextToken but an issued one is valid (SPEC.md, "Reads").
            NextTokenPath => StringBoundary(Pick<(string, bool?)>(
                [("", false), ("v", false), (ForgedToken(2048), false), (ForgedToken(2049), false), ("v1..", false), ("v1.%%.x", false)])),
            MaxResultsPath => Literal(Pick(MaxResultsBoundaries)),
            ConnectorTypePath => StringBoundary(Pick<(string, bool?)>(
                [("CustomConnector", true), ("Salesforce", false), ("", false), ("customconnector", false), ("CustomConnector ", false), (new string('C', 300), false)])),
            ProvisioningTypePath => StringBoundary(Pick<(string, bool?)>([("LAMBDA", true), ("lambda", false), ("", false), ("PRIVATE", false), ("LAMBDA ", false)])),
            ConnectorTypesPath => Literal(Pick<(string, bool?)>(
            [
                ("[]", true), ("[\"CustomConnector\"]", true), (RepeatedList("CustomConnector", 100), true), (RepeatedList("CustomConnector", 101), false),
                ("[\"Salesforce\"]", false), ("[\"bogus\"]", false), ("[\"CustomConnector\",\"S3\"]", false), ("[\"\"]", false),
            ])),

            // A provisioning config that names no function: RegisterConnector requires lambdaArn, an update needs a function to move to.
            ConfigPath or LambdaPath => Literal(("{}", false)),
            _ => throw new InvalidOperationException($"No boundary for {path}."),
        };

        Replace(draft, path, json);
        Touch(draft, path, "boundary", $"{path} = {detail}");
        if (valid == false)
        {
            draft.Refusals.Add($"{path} = {detail} breaks the model's constraints");
        }

        return true;

        static (byte[], bool?, string) StringBoundary((string Value, bool? Valid) choice) =>
            (Str(choice.Value), choice.Valid, $"string of length {choice.Value.Length}{(choice.Value.Length <= 40 ? $" '{choice.Value}'" : "")}");

        static (byte[], bool?, string) Literal((string Json, bool? Valid) choice) =>
            (Utf8(choice.Json), choice.Valid, choice.Json.Length <= 60 ? choice.Json : $"{choice.Json[..40]}... ({choice.Json.Length} characters)");
    }

    private bool InvalidUtf8InValue(Draft draft)
    {
        var (bytes, name) = Chance(0.3) ? (Concat(RandomBytes(random.Next(0, 8)), [0xFF]), "random bytes then FF") : Pick(InvalidUtf8);
        var known = PickCandidate(draft, p => KindOf(p) is JsonKind.String or JsonKind.List);
        if (known is null || Chance(0.15))
        {
            // An unknown member is ignored, and SPEC.md does not say whether its text must be valid: left open.
            AddUnknown(draft, draft.Root, "note", Quoted("hello world", bytes));
            Touch(draft, null, "invalid-utf8", $"invalid UTF-8 ({name}) in an unknown member's value");
            return true;
        }

        Replace(draft, known, KindOf(known) == JsonKind.List ? Concat(Utf8("["), Quoted("CustomConnector", bytes), Utf8("]")) : Quoted(SampleValue(known), bytes));
        Touch(draft, known, "invalid-utf8", $"invalid UTF-8 ({name}) in {known}");

        // A member the operation reads must be text; invalid UTF-8 is none (RFC 8259, section 8.1).
        draft.Refusals.Add($"{known} is not valid UTF-8 ({name})");
        return true;
    }

    private bool SurrogateInValue(Draft draft)
    {
        var (text, name) = Pick<(string, string)>(
        [
            ("\\ud800", "lone high surrogate escape"), ("\\udfff", "lone low surrogate escape"),
            ("\\ude00\\ud83d", "reversed surrogate pair escapes"), ("\\ud800\\u0041", "high surrogate before a non-surrogate"),
            ("\\ud83d\\ude00", "escaped surrogate pair (U+1F600)"), ("\u00f0\u009f\u0098\u0080", "raw 4-byte UTF-8 (U+1F600)"),
            ("\u00ed\u00a0\u0080", "raw ED A0 80 (UTF-8-encoded surrogate)"), ("\u00ed\u00b0\u0080", "raw ED B0 80"),
            ("\u00ed\u00a0\u00bd\u00ed\u00b8\u0080", "CESU-8 pair"),
        ]);
        var bytes = Bytes(text);

        var known = PickCandidate(draft, p => KindOf(p) is JsonKind.String or JsonKind.List);
        if (known is null || Chance(0.1))
        {
            // An unknown member is ignored: whatever its value holds, the outcome is left open.
            AddUnknown(draft, draft.Root, "an unknown member", Quoted(Pick(["hello", "fuzz-a"]), bytes));
            Touch(draft, null, "surrogate-value", $"{name} in an unknown member's value");
            return true;
        }

        Replace(draft, known, KindOf(known) == JsonKind.List ? Concat(Utf8("["), Quoted("CustomConnector", bytes), Utf8("]")) : Quoted(SampleValue(known), bytes));
        Touch(draft, known, "surrogate-value", $"{name} in {known}");

        // A lone surrogate is no character; a real astral character matches none of the request
        // members' patterns, enums, ARN form or issued tokens; raw ED xx xx is invalid UTF-8.
        draft.Refusals.Add($"{known} holds {name}");
        return true;
    }

    private bool SurrogateInName(Draft draft)
    {
        var (name, description, refused) = Pick<(string, string, bool)>(
        [
            ("\\ud800", "\"\\ud800\"", true), ("\\udc00x", "\"\\udc00x\"", true), ("connectorLabel\\ud800", "\"connectorLabel\\ud800\"", true),
            ("\\ud83d\\ude00", "escaped pair \"\\ud83d\\ude00\"", false), ("\\udbff\\udfff", "escaped pair \"\\udbff\\udfff\"", false),
            ("\u00ed\u00a0\u0080", "raw ED A0 80", false), ("a\u00ed\u00b0\u0080", "raw ED B0 80 after a", false),
            ("\u00f0\u009f\u0098\u0080", "raw 4-byte U+1F600", false),
        ]);
        var target = draft.Root;
        if (Chance(0.2) && KnownPaths(draft.Root).Contains(LambdaPath) && !draft.Touched.Any(t => Related(t, LambdaPath)))
        {
            target = (JsonObject)Find(draft.Root, LambdaPath).Member.Value;

            // Later mutations must not drop the object (or its config) and the odd name with it.
            draft.Touched.Add(LambdaPath);
        }

        var value = Pick(["1", "\"x\"", "null", "{}", "[]"]);
        target.Members.Insert(random.Next(target.Members.Count + 1), new JsonMember(Concat(Utf8("\""), Bytes(name), Utf8("\"")), Utf8(value), null));
        Touch(draft, null, "surrogate-name", $"member named {description} with value {value}{(target == draft.Root ? "" : " inside lambda")}");
        if (refused)
        {
            // Issue 11, item 4: a lone surrogate escape in a member name is a SerializationException. Raw
            // invalid UTF-8 in the name of a member that is ignored anyway is left open.
            draft.Refusals.Add($"a member name holds {description}");
        }

        return true;
    }

    private bool UnknownMember(Draft draft)
    {
        var known = KnownRootNames(draft.Operation);
        var name = Pick(UnknownNames.Where(n => !known.Contains(n)).ToArray());
        draft.Root.Members.Insert(random.Next(draft.Root.Members.Count + 1), new JsonMember(Str(name), RandomJson(0), null));
        Touch(draft, null, "unknown-member", $"unknown member '{name.Replace("\n", "\\n", StringComparison.Ordinal)}'");
        return true;
    }

    private bool DeepNesting(Draft draft)
    {
        var depth = Pick([16, 31, 32, 33, 64, 256, 1000, 10_000]);
        var objects = Chance(0.5);
        var nested = objects
            ? Utf8(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))
            : Utf8(new string('[', depth) + new string(']', depth));
        var shape = $"{depth} nested {(objects ? "objects" : "arrays")}";
        if (Chance(0.3) && PickCandidate(draft) is { } path)
        {
            Replace(draft, path, nested);
            Touch(draft, path, "deep-nesting", $"{path} = {shape}");

            // Nested arrays or objects are the wrong type for every member but the two objects, and
            // those then lack what they require (lambda, lambdaArn).
            draft.Refusals.Add($"{path} is {shape}");
            return true;
        }

        AddUnknown(draft, draft.Root, "deep", nested);
        Touch(draft, null, "deep-nesting", $"unknown member 'deep' = {shape}");
        return true;
    }

    private bool HugeList(Draft draft)
    {
        // From a hundred to ten thousand entries. Where they are validated (connectorTypes), large
        // lists come often enough that every run sends several: issue 11, item 5 found 10,000 bad
        // entries costing gigabytes.
        var validated = draft.Operation == DescribeMany && !draft.Touched.Any(t => Related(t, ConnectorTypesPath));
        var size = Weighted(validated ? [4, 3, 3] : [7, 3, 0]) switch
        {
            0 => random.Next(101, 2_001),
            1 => random.Next(2_001, 9_001),
            _ => Chance(0.3) ? 10_000 : random.Next(9_001, 10_001),
        };
        var items = new StringBuilder("[");
        for (var i = 0; i < size; i++)
        {
            items.Append(i == 0 ? "" : ",");
            var roll = random.Next(100);
            items.Append(roll switch
            {
                < 20 => "\"CustomConnector\"",
                < 40 => Quote(Pick(ManagedTypes)),
                _ => Quote("bad" + random.Next(100_000).ToString(CultureInfo.InvariantCulture)),
            });
        }

        var list = Utf8(items.Append(']').ToString());
        if (validated)
        {
            if (KnownPaths(draft.Root).Contains(ConnectorTypesPath))
            {
                Replace(draft, ConnectorTypesPath, list);
            }
            else
            {
                Add(draft.Root, ConnectorTypesPath, list);
            }

            Touch(draft, ConnectorTypesPath, "huge-list", $"connectorTypes with {size} entries, most of them invalid");
            draft.Refusals.Add($"connectorTypes has {size} entries (at most 100)");
            return true;
        }

        if (Chance(0.5) && PickCandidate(draft) is { } path)
        {
            Replace(draft, path, list);
            Touch(draft, path, "huge-list", $"{path} = a list of {size} strings");
            draft.Refusals.Add($"{path} has the wrong JSON type (a list)");
            return true;
        }

        AddUnknown(draft, draft.Root, draft.Operation == DescribeMany ? "connectorTypez" : "connectorTypes", list);
        Touch(draft, null, "huge-list", $"unknown member with a list of {size} strings");
        return true;
    }

    private bool MutateAuthorization(Draft draft)
    {
        if (draft.Touched.Contains(AuthorizationPart))
        {
            return false;
        }

        draft.Touched.Add(AuthorizationPart);
        switch (Weighted([5, 1, 3, 1, 1, 2]))
        {
            case 0:
                draft.AccessKey ??= AccessKeys[0];
                draft.NoAuthorization = false;
                draft.Region = Pick(InvalidRegions);
                draft.Mutations.Add(new Mutation("auth-region", $"credential scope region '{draft.Region}'"));
                draft.Refusals.Add($"credential scope region '{draft.Region}' is not an AWS region");
                break;
            case 1:
                draft.AccessKey ??= AccessKeys[0];
                draft.NoAuthorization = false;
                draft.Region = Pick(UnusualValidRegions);
                draft.Mutations.Add(new Mutation("auth-region-valid", $"credential scope region '{draft.Region}'"));
                break;
            case 2:
                draft.NoAuthorization = false;
                draft.AccessKey = Chance(0.2) ? new string('K', 200) : Pick(OddAccessKeys);

                draft.Mutations.Add(new Mutation("auth-access-key", $"access key '{draft.AccessKey}'"));
                break;
            case 3:
                draft.AccessKey ??= AccessKeys[0];
                draft.NoAuthorization = false;
                if (Chance(0.5))
                {
                    draft.Date = Pick(["", "2026", "garbage", "99999999"]);
                    draft.Mutations.Add(new Mutation("auth-date-service", $"credential scope date '{draft.Date}'"));
                }
                else
                {
                    draft.Service = Pick(["s3", "", "APPFLOW", "lambda"]);
                    draft.Mutations.Add(new Mutation("auth-date-service", $"credential scope service '{draft.Service}'"));
                }

                break;
            case 4:
                draft.NoAuthorization = true;
                draft.Mutations.Add(new Mutation("auth-missing", "no Authorization header"));
                break;
            default:
                draft.NoAuthorization = false;
                draft.AuthorizationOverride = Pick(
                [
                    "Bearer token", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 Credential=",
                    "aws4-hmac-sha256 Credential=111111111111/20261123/us-east-1/appflow/aws4_request, SignedHeaders=host, Signature=0",
                    "AWS4-HMAC-SHA256 Credential=111111111111/20261123/us-east-1/appflow/aws4_request",
                    "AWS4-HMAC-SHA256 Credential=111111111111/20261123/us:east/appflow/aws4_request, Credential=111111111111/20261123/us-east-1/appflow/aws4_request",
                    "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f, SignedHeaders=host, Signature=0",
                    "AWS4-HMAC-SHA256 Credential=111111111111/20261123/us/east/appflow/aws4_request, SignedHeaders=host, Signature=0",
                    "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=0, Credential=222222222222/20261123/eu-west-1/appflow/aws4_request",
                    RandomPrintable(random.Next(0, 200)),
                ]);
                draft.Mutations.Add(new Mutation("auth-malformed", $"Authorization: {draft.AuthorizationOverride}"));
                break;
        }

        return true;
    }

    private bool MutateContentType(Draft draft)
    {
        if (draft.Touched.Contains(ContentTypePart))
        {
            return false;
        }

        draft.Touched.Add(ContentTypePart);
        draft.ContentType = Pick<string?>([null, "text/plain", "application/x-amz-json-1.1", "application/json; charset=utf-16", "multipart/form-data; boundary=x"]);
        draft.Mutations.Add(new Mutation("content-type", $"Content-Type: {draft.ContentType ?? "(none)"}"));
        return true;
    }

    private void MutateRoute(Draft draft)
    {
        var roll = random.Next(10);
        if (roll < 5)
        {
            draft.Path = Pick(
            [
                "/", "/nope", "/register-connectors", "/describe-connector/extra", "/2015-03-31/functions/python-sdk-connector/invocations",
                "/list-connectors/x", "/connectors", "/ListConnectors",
            ]);
            draft.MayWrite = false;
            draft.Mutations.Add(new Mutation("unknown-route", $"POST {draft.Path}"));
            draft.Refusals.Add($"{draft.Path} is not an operation");
        }
        else if (roll < 8)
        {
            // Spellings whose routing SPEC.md leaves open; whatever they reach, the answer must be AWS-shaped.
            draft.Path = Pick([draft.Operation.ToUpperInvariant(), draft.Operation + "/", draft.Operation + "?x=1", draft.Operation + "%2F"]);
            draft.Mutations.Add(new Mutation("route-spelling", $"POST {draft.Path}"));
        }
        else
        {
            draft.Method = Pick([HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch]);
            draft.Mutations.Add(new Mutation("other-method", $"{draft.Method} {draft.Path}"));
            draft.Refusals.Add($"every operation is a POST, not {draft.Method}");
        }
    }

    private void MutateWholeBody(Draft draft)
    {
        var json = Serialize(draft.Root);
        switch (Weighted([3, 3, 2, 2, 2, 1, 1, 1, 1, 1]))
        {
            case 0:
                draft.RawBody = RandomBytes(random.Next(0, 513));
                draft.Mutations.Add(new Mutation("random-body", $"{draft.RawBody.Length} random bytes"));
                break;
            case 1:
                draft.RawBody = json[..random.Next(1, json.Length)];
                draft.Mutations.Add(new Mutation("truncated", $"the first {draft.RawBody.Length} of {json.Length} bytes"));
                draft.Refusals.Add("the body is truncated JSON");
                break;
            case 2:
                draft.RawBody = Utf8(Pick(["", " ", "\r\n\t "]));
                draft.Mutations.Add(new Mutation("empty-body", $"{draft.RawBody.Length} whitespace bytes"));
                if (draft.Operation is Register or Update or DescribeOne or Unregister)
                {
                    // SPEC.md: an empty body is {}, which lacks the members this operation requires.
                    draft.Refusals.Add($"an empty body lacks the members {draft.Operation} requires");
                }

                break;
            case 3:
                draft.RawBody = Utf8(Pick(["null", "[]", "[{}]", "\"text\"", "0", "true", "1e400"]));
                draft.Mutations.Add(new Mutation("non-object-body", Encoding.UTF8.GetString(draft.RawBody)));
                draft.Refusals.Add("the body is JSON but not an object");
                break;
            case 4:
                var trailer = Pick(["x", "}", "{}", ",", "\0", "//c", "/*c*/", "]"]);
                draft.RawBody = Concat(json, Utf8(trailer));
                draft.Mutations.Add(new Mutation("trailing-garbage", $"'{trailer.Replace("\0", "\\0", StringComparison.Ordinal)}' after the object"));
                draft.Refusals.Add("the body has content after its JSON object");
                break;
            case 5:
                draft.RawBody = Concat([0xEF, 0xBB, 0xBF], json);
                draft.Mutations.Add(new Mutation("byte-order-mark", "UTF-8 BOM before the object"));
                break;
            case 6:
                draft.RawBody = Concat(Utf8("/*c*/"), json);
                draft.Mutations.Add(new Mutation("comment", "a comment before the object"));
                draft.Refusals.Add("JSON has no comments");
                break;
            case 7:
                draft.RawBody = Utf8(Pick(["{'connectorLabel':'fuzz-a'}", "{connectorLabel:\"fuzz-a\"}", "{\"maxResults\":NaN}", "{\"maxResults\":Infinity}", "{\"a\":1,}"]));
                draft.Mutations.Add(new Mutation("not-json", Encoding.UTF8.GetString(draft.RawBody)));
                draft.Refusals.Add("the body is not JSON");
                break;
            case 8:
                draft.RawBody = Padded(json, 200_000);
                draft.Mutations.Add(new Mutation("big-body", "a 200 KB unknown member before the request's members"));
                break;
            default:
                draft.RawBody = Padded(json, 300_000);
                draft.Mutations.Add(new Mutation("oversized-body", "a 300 KB unknown member before the request's members"));
                break;
        }
    }

    // ---- Helpers for mutations ----

    private void RefuseIfRequired(Draft draft, string path, string how)
    {
        if (IsRequired(draft.Operation, path))
        {
            draft.Refusals.Add($"required member {path} is {how}");
        }
    }

    /// <summary>Which members SPEC.md and the model require (UpdateConnectorRegistration's lambda only within a config, where it stands).</summary>
    private static bool IsRequired(string operation, string path) => operation switch
    {
        Register => path is LabelPath or ConfigPath or LambdaPath or ArnPath,
        Update => path is LabelPath or LambdaPath or ArnPath,
        DescribeOne => path is ConnectorTypePath or LabelPath,
        Unregister => path is LabelPath,
        _ => false,
    };

    private static HashSet<string> KnownRootNames(string operation) => operation switch
    {
        Register => [LabelPath, DescriptionPath, ProvisioningTypePath, ConfigPath, TokenPath],
        Update => [LabelPath, DescriptionPath, ConfigPath, TokenPath],
        DescribeOne => [ConnectorTypePath, LabelPath],
        DescribeMany => [ConnectorTypesPath, MaxResultsPath, NextTokenPath],
        List => [MaxResultsPath, NextTokenPath],
        _ => [LabelPath, ForceDeletePath],
    };

    private enum JsonKind
    {
        String,
        Integer,
        Boolean,
        List,
        Object,
    }

    private static JsonKind KindOf(string path) => path switch
    {
        MaxResultsPath => JsonKind.Integer,
        ForceDeletePath => JsonKind.Boolean,
        ConnectorTypesPath => JsonKind.List,
        ConfigPath or LambdaPath => JsonKind.Object,
        _ => JsonKind.String,
    };

    private static string SampleValue(string path) => path switch
    {
        LabelPath => "fuzz-a",
        DescriptionPath => "A connector",
        ArnPath => "arn:aws:lambda:us-east-1:123456789012:function:python-sdk-connector",
        TokenPath => "fuzz-token-1",
        NextTokenPath => "v1.ZnV6ei1h.AAAA",
        ConnectorTypePath => "CustomConnector",
        ProvisioningTypePath => "LAMBDA",
        _ => "x",
    };

    private byte[] OtherValue(string path) => KindOf(path) switch
    {
        JsonKind.String => Str(path == LabelPath ? "fuzz-b" : "other"),
        JsonKind.Integer => Utf8("7"),
        JsonKind.Boolean => Utf8("false"),
        JsonKind.List => Utf8("[\"CustomConnector\"]"),
        _ => Utf8("{}"),
    };

    private void AddUnknown(Draft draft, JsonObject target, string name, byte[] value)
    {
        var known = target == draft.Root ? KnownRootNames(draft.Operation) : [];
        target.Members.Insert(random.Next(target.Members.Count + 1), new JsonMember(Str(known.Contains(name) ? name + "_" : name), value, null));
    }

    /// <summary>A string value with raw bytes spliced in at a random place.</summary>
    private byte[] Quoted(string value, byte[] injected)
    {
        var at = random.Next(value.Length + 1);
        return Concat(Utf8(Quote(value[..at])[..^1]), injected, Utf8(Quote(value[at..])[1..]));
    }

    private static void Touch(Draft draft, string? path, string kind, string detail)
    {
        if (path is not null)
        {
            draft.Touched.Add(path);
        }

        draft.Mutations.Add(new Mutation(kind, detail));
    }

    private string? PickCandidate(Draft draft, Func<string, bool>? filter = null)
    {
        var candidates = KnownPaths(draft.Root)
            .Where(p => !draft.Touched.Any(t => Related(t, p)) && (filter is null || filter(p)))
            .Distinct()
            .ToArray();
        return candidates.Length == 0 ? null : Pick(candidates);
    }

    private static bool Related(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);

    private static List<string> KnownPaths(JsonObject root)
    {
        var paths = new List<string>();
        foreach (var member in root.Members)
        {
            if (member.Path is null)
            {
                continue;
            }

            paths.Add(member.Path);
            if (member.Value is JsonObject nested)
            {
                paths.AddRange(KnownPaths(nested));
            }
        }

        return paths;
    }

    private static (JsonObject Parent, JsonMember Member) Find(JsonObject root, string path)
    {
        foreach (var member in root.Members)
        {
            if (member.Path == path)
            {
                return (root, member);
            }

            if (member.Value is JsonObject nested && member.Path is { } mine && path.StartsWith(mine + ".", StringComparison.Ordinal))
            {
                return Find(nested, path);
            }
        }

        throw new InvalidOperationException($"No member {path} in the request.");
    }

    private static void Replace(Draft draft, string path, byte[] json) => Find(draft.Root, path).Member.Value = json;

    private static void Add(JsonObject target, string path, byte[] json) =>
        target.Members.Add(new JsonMember(Name(path[(path.LastIndexOf('.') + 1)..]), json, path));

    private void AddSometimes(JsonObject target, double probability, string path, Func<byte[]> value)
    {
        if (Chance(probability))
        {
            Add(target, path, value());
        }
    }

    private byte[] RandomJson(int depth) => random.Next(depth < 2 ? 11 : 8) switch
    {
        0 => Utf8("null"),
        1 => Utf8(Chance(0.5) ? "true" : "false"),
        2 => Utf8(Pick(["0", "-0.0", "1.5", "1e400", "12345678901234567890", "-1"])),
        3 => Str(RandomPrintable(random.Next(0, 40))),
        4 => Str(new string('s', random.Next(1_000, 10_001))),
        5 => Str(Pick(Labels)),
        6 => Str(Pick(["é", "中文", "\u0000", "\t", "\\"])),
        7 => Utf8("{}"),
        8 => Concat(Utf8("["), Join(Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomJson(depth + 1))), Utf8("]")),
        9 => Concat(Utf8("{"), Join(Enumerable.Range(0, random.Next(0, 4)).Select(i => Concat(Str(Pick(["a", "b", "lambdaArn", ""]) + i.ToString(CultureInfo.InvariantCulture)), Utf8(":"), RandomJson(depth + 1)))), Utf8("}")),
        _ => Utf8("[]"),
    };

    private string RandomPrintable(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(' ', '~' + 1);
        }

        return new string(chars);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private bool Chance(double probability) => random.NextDouble() < probability;

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];

    private int Weighted(int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if ((roll -= weights[i]) < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // ---- JSON text ----

    private static byte[] Serialize(JsonObject root)
    {
        using var stream = new MemoryStream();
        Write(stream, root);
        return stream.ToArray();
    }

    private static void Write(MemoryStream stream, JsonObject value)
    {
        stream.WriteByte((byte)'{');
        for (var i = 0; i < value.Members.Count; i++)
        {
            if (i > 0)
            {
                stream.WriteByte((byte)',');
            }

            var member = value.Members[i];
            stream.Write(member.Name);
            stream.WriteByte((byte)':');
            if (member.Value is JsonObject nested)
            {
                Write(stream, nested);
            }
            else
            {
                stream.Write((byte[])member.Value);
            }
        }

        stream.WriteByte((byte)'}');
    }

    private static byte[] Name(string name) => Str(name);

    private static byte[] Str(string value) => Utf8(Quote(value));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A JSON string literal: only what JSON requires is escaped, the rest stays raw UTF-8.</summary>
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                < ' ' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>The name with one letter written as a \u00XX escape: the same member to JSON, another spelling to a naive reader.</summary>
    private byte[] EscapedSpelling(string name)
    {
        var at = random.Next(name.Length);
        return Utf8($"\"{name[..at]}\\u{(int)name[at]:X4}{name[(at + 1)..]}\"");
    }

    /// <summary>Characters up to U+00FF as the bytes they stand for, so raw byte sequences can be written as text.</summary>
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>The object with an unknown member of <paramref name="length"/> characters in front of its members.</summary>
    private static byte[] Padded(byte[] json, int length) =>
        Concat(Utf8("{\"padding\":\"" + new string('p', length) + "\"" + (json.Length > 2 ? "," : "")), json[1..]);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Join(IEnumerable<byte[]> items) =>
        items.Select((item, i) => i == 0 ? item : Concat(Utf8(","), item)).SelectMany(p => p).ToArray();

    private static string RepeatedList(string item, int count) => "[" + string.Join(",", Enumerable.Repeat(Quote(item), count)) + "]";

    private static string Fill(string pattern, int length) =>
        string.Concat(Enumerable.Repeat(pattern, (length / pattern.Length) + 1))[..length];

    private static string Printable(int length) => new(Enumerable.Range(0, length).Select(i => (char)(' ' + (i % 95))).ToArray());

    /// <summary>A function ARN of the given length: its region padded, so only the length decides.</summary>
    private static string LongArn(int length)
    {
        const string Head = "arn:aws:lambda:us-";
        const string Tail = "-1:123456789012:function:python-sdk-connector";
        return Head + new string('a', length - Head.Length - Tail.Length) + Tail;
    }

    /// <summary>A token shaped like an issued one (v1.label.mac) but with a MAC the server never made.</summary>
    private static string ForgedToken(int length)
    {
        const string Head = "v1.ZnV6ei1h.";
        return Head + Fill("AbCd-_09", length - Head.Length);
    }

    private sealed class Draft(string operation)
    {
        public string Operation { get; } = operation;

        public string Path { get; set; } = operation;

        public HttpMethod Method { get; set; } = HttpMethod.Post;

        public bool MayWrite { get; set; } = IsWrite(operation);

        public string? AccessKey { get; set; }

        public string Date { get; set; } = "20261123";

        public string Region { get; set; } = "us-east-1";

        public string Service { get; set; } = "appflow";

        public bool NoAuthorization { get; set; }

        public string? AuthorizationOverride { get; set; }

        public string? ContentType { get; set; } = "application/json";

        public JsonObject Root { get; } = new();

        public byte[]? RawBody { get; set; }

        public List<Mutation> Mutations { get; } = [];

        public List<string> Refusals { get; } = [];

        public HashSet<string> Touched { get; } = [];

        public string? Authorization => NoAuthorization ? null : AuthorizationOverride
            ?? $"AWS4-HMAC-SHA256 Credential={AccessKey}/{Date}/{Region}/{Service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000";

        public string PagingScope => NoAuthorization ? $"{Operation}|none" : $"{Operation}|{AccessKey}|{Region}";
    }

    private sealed class JsonObject
    {
        public List<JsonMember> Members { get; } = [];
    }

    /// <summary>A member as raw JSON: its name's text (quotes included) and a raw value or a nested object.</summary>
    private sealed class JsonMember(byte[] name, object value, string? path)
    {
        public byte[] Name { get; } = name;

        public object Value { get; set; } = value;

        /// <summary>The member's path in the operation's input shape; null for members the mutator added.</summary>
        public string? Path { get; } = path;
    }
}
