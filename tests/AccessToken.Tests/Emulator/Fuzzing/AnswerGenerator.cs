using System.Text;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>What a generated body is meant to be, so the test knows which outcomes are right.</summary>
public enum BodyKind
{
    ValidToken,
    ValidList,
    ValidSuccess,
    ErrorJson,
    WrongShape,
    WrongFieldType,
    HugeNumbers,
    DeepNesting,
    BrokenUnicode,
    Mutated,
    Truncated,
    RandomBytes,
    Empty,
}

/// <summary>A generated body, and for valid ones the ids a correct parser must find.</summary>
public sealed record GeneratedBody(BodyKind Kind, byte[] Bytes, string[] Ids)
{
    public string Describe() =>
        $"{Kind}: {Encoding.UTF8.GetString(Bytes, 0, Math.Min(Bytes.Length, 300)).Replace("\r", "\\r").Replace("\n", "\\n")}";
}

/// <summary>
/// Produces answer bodies from a seeded <see cref="System.Random"/>: valid tokens and lists in every
/// form the contract allows, and the many ways a body can be wrong.
/// </summary>
public sealed class AnswerGenerator(Random random) : RandomJson(random)
{
    private static readonly string[] HugeNumbers =
        ["1e400", "-1e400", "123456789012345678901234567890", "1.7976931348623157e309", "1e-400", "-0", "0.000000000000000000000000000001", "9223372036854775808", "-9223372036854775809"];

    private static readonly string[] KnownFields =
    [
        "id", "accessTokenId", "userId", "name", "creationDate", "lastUpdated", "expirationDate", "scope", "status", "token",
        "apiTokenId", "description", "ownerId", "ownerType", "creatorId", "creatorType", "creatorName", "defaultRole", "orgRoles",
    ];

    private static readonly string[] Roles = ["admin", "edit", "collaborate", "view", "none"];

    public GeneratedBody Next()
    {
        var kind = (BodyKind)Random.Next(Enum.GetValues<BodyKind>().Length);
        return kind switch
        {
            BodyKind.ValidToken => ValidToken(),
            BodyKind.ValidList => ValidList(),
            BodyKind.ValidSuccess => ValidSuccess(),
            BodyKind.ErrorJson => new(kind, Utf8($"{{\"type\":{JsonString(Text(12))},\"message\":{JsonString(Text(40))}}}"), []),
            BodyKind.WrongShape => new(kind, Utf8(WrongShape()), []),
            BodyKind.WrongFieldType => new(kind, Utf8(WrongFieldType()), []),
            BodyKind.HugeNumbers => HugeNumbersBody(),
            BodyKind.DeepNesting => DeepNesting(),
            BodyKind.BrokenUnicode => new(kind, BrokenUnicode(), []),
            BodyKind.Mutated => new(kind, Mutate(AnyValidBytes()), []),
            BodyKind.Truncated => Truncated(),
            BodyKind.RandomBytes => new(kind, RandomBytes(Random.Next(1, 400)), []),
            _ => new(kind, [], []),
        };
    }

    /// <summary>A token with one known field of the wrong type: never readable.</summary>
    public GeneratedBody InvalidToken() => new(BodyKind.WrongFieldType, Utf8(WrongFieldType()), []);

    public GeneratedBody ValidSuccess() =>
        new(BodyKind.ValidSuccess, Utf8(Pick(["{\"success\":true}", "{ \"success\" : true , \"extra\": [1] }", "{\"other\":null,\"success\":true}"])), []);

    public GeneratedBody ValidToken()
    {
        var (json, id) = Token();
        return new(BodyKind.ValidToken, Utf8(Whitespace() + json + Whitespace()), [id]);
    }

    public GeneratedBody ValidList()
    {
        var count = Random.Next(0, 6);
        var tokens = Enumerable.Range(0, count).Select(_ => Token()).ToArray();
        var members = new List<string> { "\"items\":[" + string.Join("," + Whitespace(), tokens.Select(t => t.Json)) + "]" };
        if (Chance(0.7)) members.Add("\"count\":" + count);
        if (Chance(0.3)) members.Insert(0, "\"_links\":" + AnyValue(3));
        if (Chance(0.3)) members.Add(JsonString(Text(6)) + ":" + AnyValue(3));
        return new(BodyKind.ValidList, Utf8("{" + string.Join("," + Whitespace(), members) + "}" + Whitespace()), tokens.Select(t => t.Id).ToArray());
    }

    private (string Json, string Id) Token()
    {
        var id = HexId();
        var members = new List<string>();
        // Either spelling of the id alone, or with id, as the 1.3.7 contract and API 1.30 send them.
        var idField = Random.Next(5);
        if (idField is 0 or 2 or 4) members.Add("\"id\":\"" + id + "\"");
        if (idField is 1 or 2) members.Add("\"accessTokenId\":\"" + id + "\"");
        if (idField is 3 or 4) members.Add("\"apiTokenId\":\"" + id + "\"");
        if (Chance(0.5)) members.AddRange(CurrentFields());
        else if (Chance(0.8)) members.Add("\"userId\":\"" + HexId() + "\"");
        if (Chance(0.9)) members.Add("\"name\":" + JsonString(Text(Random.Next(0, 30))));
        foreach (var date in new[] { "creationDate", "lastUpdated", "expirationDate" })
        {
            if (Chance(0.7)) members.Add($"\"{date}\":" + (Chance(0.1) ? "null" : "\"" + Date() + "\""));
        }

        if (Chance(0.8)) members.Add("\"scope\":[" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => JsonString(Text(10)))) + "]");
        if (Chance(0.8)) members.Add("\"status\":\"" + Pick(["active", "inactive", "Active", "INACTIVE"]) + "\"");
        if (Chance(0.2)) members.Add("\"token\":" + JsonString(Text(Random.Next(1, 60))));
        for (var i = Random.Next(0, 4); i > 0; i--) members.Add(JsonString("_" + Text(8)) + ":" + AnyValue(4));
        Shuffle(members);
        return ("{" + string.Join("," + Whitespace(), members) + "}", id);
    }

    /// <summary>The fields API 1.30 adds to a token (apiToken), each present or null at random.</summary>
    private IEnumerable<string> CurrentFields()
    {
        string? Maybe(string json) => Chance(0.15) ? null : Chance(0.1) ? "null" : json;
        var fields = new (string Name, string? Json)[]
        {
            ("description", Maybe(JsonString(Text(Random.Next(0, 40))))),
            ("ownerId", Maybe("\"" + HexId() + "\"")),
            ("ownerType", Maybe("\"" + Pick(["application", "user", "instance"]) + "\"")),
            ("creatorId", Maybe("\"" + HexId() + "\"")),
            ("creatorType", Maybe("\"" + Pick(["apiToken", "user", "flow"]) + "\"")),
            ("creatorName", Maybe(JsonString(Text(Random.Next(0, 20))))),
            ("defaultRole", Maybe("\"" + Pick(Roles) + "\"")),
            ("orgRoles", Maybe("[" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => OrgRole())) + "]")),
        };
        return fields.Where(f => f.Json != null).Select(f => $"\"{f.Name}\":{f.Json}");
    }

    private string OrgRole()
    {
        var members = new List<string> { "\"orgId\":\"" + (Chance(0.2) ? "sandbox" : HexId()) + "\"", "\"role\":\"" + Pick(Roles) + "\"" };
        foreach (var resources in new[] { "applicationRoles", "dashboardRoles" })
        {
            if (Chance(0.5)) members.Add($"\"{resources}\":" + (Chance(0.1) ? "null" : "[" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => ResourceRole())) + "]"));
        }

        // Fields beyond the schema may appear inside as well; they are dropped, not fatal.
        if (Chance(0.2)) members.Add(JsonString("_" + Text(5)) + ":" + AnyValue(2));
        Shuffle(members);
        return "{" + string.Join(",", members) + "}";
    }

    private string ResourceRole() =>
        "{\"resourceId\":\"" + HexId() + "\",\"role\":\"" + Pick(["collaborate", "view", "none"]) + "\"}";

    private string WrongShape() => Random.Next(8) switch
    {
        0 => "[" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => AnyValue(2))) + "]",
        1 => "{\"items\":" + Pick(["\"nope\"", "1", "{}", "null", "true"]) + "}",
        2 => "{\"items\":[" + AnyScalar() + "]}",
        3 => "{" + JsonString(Text(5)) + ":" + AnyValue(3) + "}",
        4 => AnyScalar(),
        5 => "{\"success\":" + Pick(["false", "\"true\"", "1", "null"]) + "}",
        6 => "{\"items\":[{\"name\":\"no id\"}]}",
        _ => "{}",
    };

    private string WrongFieldType()
    {
        var (json, _) = Token();
        var field = Pick(KnownFields);
        var wrong = field switch
        {
            "scope" => Pick(["\"all\"", "[1]", "{}", "[[\"a\"]]", "true"]),
            "creationDate" or "lastUpdated" or "expirationDate" => Pick(["0", "\"tomorrow\"", "\"2020-02-30T00:00:00Z\"", "[]", "true"]),
            "status" => Pick(["\"paused\"", "1", "[\"active\"]", "false", "\"\""]),
            "orgRoles" => Pick(["\"sandbox\"", "{}", "[1]", "[null]", "[[]]", "[{\"orgId\":1}]", "[{\"role\":true}]", "[{\"applicationRoles\":\"all\"}]",
                "[{\"dashboardRoles\":[null]}]", "[{\"applicationRoles\":[{\"role\":5}]}]", "[{\"dashboardRoles\":[{\"resourceId\":[]}]}]", "[{},\"x\"]"]),
            _ => Pick(["1", "true", "[]", "{}", "1.5"]),
        };
        return json.Insert(1, $"\"{field}\":{wrong},");
    }

    private GeneratedBody HugeNumbersBody()
    {
        var (json, id) = Token();
        var number = Pick(HugeNumbers);
        var known = Chance(0.3);
        var member = known ? $"\"{Pick(KnownFields)}\":{number}," : $"\"_n{Random.Next(100)}\":[{number},{{\"x\":{number}}}],";
        // A huge number in an unknown field is still a valid token; in a known one it is a wrong type.
        return new(BodyKind.HugeNumbers, Utf8(json.Insert(1, member)), known ? [] : [id]);
    }

    private GeneratedBody DeepNesting()
    {
        var depth = Random.Next(1, 300);
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            if (Chance(0.5))
            {
                open.Append('[');
                close.Insert(0, ']');
            }
            else
            {
                open.Append("{\"k\":");
                close.Insert(0, '}');
            }
        }

        var (json, id) = Token();
        var member = $"\"_deep\":{open}1{close},";
        // The reader's depth limit of 64 counts the token object itself.
        return new(BodyKind.DeepNesting, Utf8(json.Insert(1, member)), depth < 60 ? [id] : []);
    }

    private byte[] BrokenUnicode()
    {
        var (json, _) = Token();
        byte[] broken = Random.Next(5) switch
        {
            0 => Utf8("\\ud800"),
            1 => Utf8("x\\udfff"),
            2 => [0xC3, 0x28],
            3 => [0xFF, 0xFE],
            _ => [0xED, 0xA0, 0x80],
        };
        var field = Pick(["name", "token", "_extra", "userId", "description", "creatorName"]);
        return [.. Utf8("{\"" + field + "\":\""), .. broken, .. Utf8("\"," + json[1..])];
    }

    private GeneratedBody Truncated()
    {
        var valid = AnyValidBytes();
        var cut = valid.Length <= 1 ? 0 : Random.Next(0, valid.Length - 1);
        return new(BodyKind.Truncated, valid.AsSpan(0, cut).ToArray(), []);
    }

    private byte[] AnyValidBytes() => Chance(0.5) ? ValidToken().Bytes : ValidList().Bytes;

    private byte[] Mutate(byte[] bytes)
    {
        var result = new List<byte>(bytes);
        for (var i = Random.Next(1, 4); i > 0; i--)
        {
            var at = Random.Next(result.Count + 1);
            switch (Random.Next(4))
            {
                case 0 when result.Count > 0:
                    result.RemoveAt(Math.Min(at, result.Count - 1));
                    break;
                case 1 when result.Count > 0:
                    result[Math.Min(at, result.Count - 1)] = (byte)Random.Next(256);
                    break;
                case 2:
                    result.InsertRange(at, Utf8(Pick(["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e", "-", "\u00e9"])));
                    break;
                default:
                    result.AddRange(Utf8(Pick([" x", "}", "]", "{}", "\u0000", "/*c*/"])));
                    break;
            }
        }

        return result.ToArray();
    }
}
