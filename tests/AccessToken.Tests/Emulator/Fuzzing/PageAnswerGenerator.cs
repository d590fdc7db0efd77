using System.Text;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>What a paged list holds.</summary>
public enum ListKind
{
    Tokens,
    Applications,
}

/// <summary>
/// The answer to one page request, and what it holds: the ids of its items, and whether a correct
/// client can read it (null when the generator cannot tell).
/// </summary>
public sealed record PageAnswer(byte[] Bytes, string[] Ids, bool? Valid, string What)
{
    public string Describe() => (Valid switch { true => "valid", false => "invalid", _ => "unknown" }) + " (" + What + ")";
}

/// <summary>
/// A paged listing to replay: the answer to each page (pages past the last get the last answer
/// again), how many pages the client may have in flight, and for a consistent listing the ids a
/// correct client lists and the page that fails, if any.
/// </summary>
public sealed record ListingScript(string Mode, PageAnswer[] Pages, int Concurrency, string[]? ExpectedIds, int? FailingPage)
{
    public PageAnswer AnswerTo(int page) => Pages[Math.Clamp(page, 0, Pages.Length - 1)];

    public string Describe() =>
        $"{Mode}, concurrency {Concurrency}, failing page {FailingPage?.ToString() ?? "none"}: " +
        string.Join("; ", Pages.Select((p, i) => $"page {i} {p.Describe()}: {Preview(p.Bytes)}"));

    private static string Preview(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 400)).Replace("\r", "\\r").Replace("\n", "\\n");
}

/// <summary>
/// Generates paged answers of today's API (<c>items</c>, <c>count</c>, <c>totalCount</c>,
/// <c>perPage</c>, ...) from an <see cref="AnswerGenerator"/>: consistent listings whose outcome is
/// known, wild ones whose totals and page sizes contradict themselves or are of the wrong type,
/// and pages that are any generated body at all.
/// </summary>
public sealed class PageAnswerGenerator(AnswerGenerator generator)
{
    /// <summary>Counts that are JSON but not a whole number of at least 0 that fits 64 bits.</summary>
    private static readonly string[] WrongCounts =
        ["\"5\"", "5.5", "5.0", "1e2", "-1", "-9223372036854775809", "9223372036854775808", "1e400", "null", "true", "[]", "{}", "[3]"];

    private static readonly string[] InvalidApplications =
        ["{\"name\":\"no id\"}", "{\"id\":7,\"name\":\"x\"}", "{\"applicationId\":[],\"name\":\"x\"}", "{\"id\":\"5b0000000000000000000001\",\"name\":[]}",
         "{\"id\":\"5b0000000000000000000001\",\"name\":{}}", "5", "\"app\"", "null", "[]", "true"];

    private static readonly int[] ErrorStatuses = [400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503];

    private readonly AnswerGenerator _random = generator;

    public ListingScript Next(ListKind kind)
    {
        var concurrency = _random.Pick([1, 1, 2, 3, 5]);
        var roll = _random.Next(0, 100);
        return roll < 40 ? Consistent(kind, concurrency) : roll < 85 ? Wild(kind, concurrency) : Junk(kind, concurrency);
    }

    /// <summary>A list cut into pages exactly as the API does, each page telling the truth; one page may fail.</summary>
    private ListingScript Consistent(ListKind kind, int concurrency)
    {
        var perPage = _random.Next(1, 6);
        var total = _random.Chance(0.1) ? 0 : _random.Next(1, 5 * perPage + 1);
        var items = Enumerable.Range(0, total).Select(_ => ValidItem(kind)).ToArray();
        var pageCount = Math.Max(1, (total + perPage - 1) / perPage);
        int? failing = _random.Chance(0.35) ? _random.Next(0, pageCount) : null;
        var pages = new List<PageAnswer>();
        for (var page = 0; page < pageCount; page++)
        {
            var slice = items.Skip(page * perPage).Take(perPage).ToArray();
            pages.Add(page == failing ? Failure(kind, slice, total.ToString(), perPage.ToString(), page) : Page(kind, slice, total.ToString(), perPage.ToString(), page));
        }

        // Past the end, as the API answers: no items, the real total.
        pages.Add(Page(kind, [], total.ToString(), perPage.ToString(), pageCount));
        return new("consistent", [.. pages], concurrency, items.Select(i => i.Id).ToArray(), failing);
    }

    /// <summary>Pages whose totals, page sizes and items disagree with each other, some repeated, some failing.</summary>
    private ListingScript Wild(ListKind kind, int concurrency)
    {
        var seen = new List<(string Json, string Id)>();
        var pages = new PageAnswer[_random.Next(1, 7)];
        for (var page = 0; page < pages.Length; page++)
        {
            long perPage = _random.Chance(0.8) ? _random.Next(1, 6) : _random.Pick([0L, 100L, 1000L, long.MaxValue]);
            var count = _random.Chance(0.6) ? (int)Math.Min(perPage, 8) : _random.Next(0, 9);
            var slice = new (string Json, string Id)[count];
            for (var i = 0; i < count; i++)
            {
                if (seen.Count > 0 && _random.Chance(0.2)) slice[i] = _random.Pick(seen);
                else seen.Add(slice[i] = ValidItem(kind));
            }

            var totalCount = _random.Next(0, 6) switch
            {
                0 => null,
                1 => long.MaxValue.ToString(),
                2 => ((page + 1) * Math.Min(perPage, 1000) * 3).ToString(),
                3 => "0",
                _ => _random.Next(0, 40).ToString(),
            };
            var perPageText = _random.Chance(0.15) ? null : perPage.ToString();
            pages[page] = _random.Chance(0.2) ? Failure(kind, slice, totalCount, perPageText, page) : Page(kind, slice, totalCount, perPageText, page);
        }

        return new("wild", pages, concurrency, null, null);
    }

    /// <summary>Every page is one body of the general generator, whatever it is.</summary>
    private ListingScript Junk(ListKind kind, int concurrency)
    {
        var body = _random.Next();
        // A valid list of the general generator is a short page of tokens without totals: one page.
        var valid = kind == ListKind.Tokens && body.Kind == BodyKind.ValidList ? true : (bool?)null;
        return new("junk", [new PageAnswer(Ok(body.Bytes), body.Ids, valid, body.Kind.ToString())], concurrency, null, null);
    }

    private PageAnswer Page(ListKind kind, (string Json, string Id)[] items, string? totalCount, string? perPage, int page) =>
        new(Ok(Body(kind, "[" + string.Join(",", items.Select(i => i.Json)) + "]", totalCount, perPage, items.Length, page)),
            items.Select(i => i.Id).ToArray(), true, $"{items.Length} items, totalCount {totalCount ?? "absent"}, perPage {perPage ?? "absent"}");

    /// <summary>A page that no correct client can read, in one of the many ways a page goes wrong.</summary>
    private PageAnswer Failure(ListKind kind, (string Json, string Id)[] items, string? totalCount, string? perPage, int page)
    {
        var itemsJson = "[" + string.Join(",", items.Select(i => i.Json)) + "]";
        byte[] answer = [];
        string Json(string what, string body) => Answer(what, Ok(body));
        string Answer(string what, byte[] bytes)
        {
            answer = bytes;
            return what;
        }

        var what = _random.Next(0, 11) switch
        {
            0 => Json("totalCount of a wrong type", Body(kind, itemsJson, _random.Pick(WrongCounts), perPage, items.Length, page)),
            1 => Json("perPage of a wrong type", Body(kind, itemsJson, totalCount, _random.Pick(WrongCounts), items.Length, page)),
            2 => Json("no items", Body(kind, null, totalCount, perPage, items.Length, page)),
            3 => Json("items not an array", Body(kind, _random.Pick(["{}", "\"items\"", "null", "5", "true"]), totalCount, perPage, items.Length, page)),
            4 => Json("an unreadable item", Body(kind, WithInvalidItem(kind, items), totalCount, perPage, items.Length, page)),
            5 => Answer("truncated", Truncated(Body(kind, itemsJson, totalCount, perPage, items.Length, page))),
            6 => Answer("HTML", RawHttpServer.Response(502, "text/html", "<html><body>502 Bad Gateway</body></html>"u8.ToArray())),
            7 => Answer("text/plain", RawHttpServer.Response(200, "text/plain", Encoding.UTF8.GetBytes(Body(kind, itemsJson, totalCount, perPage, items.Length, page)))),
            8 => Answer("cut short of its Content-Length", Longer(Body(kind, itemsJson, totalCount, perPage, items.Length, page))),
            _ => Answer("an error status", Status()),
        };
        return new(answer, [], false, what);
    }

    private byte[] Truncated(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return RawHttpServer.Response(200, "application/json", bytes.AsSpan(0, _random.Next(0, bytes.Length - 1)).ToArray());
    }

    private byte[] Status()
    {
        var status = _random.Pick(ErrorStatuses);
        return RawHttpServer.Response(status, "application/json", Encoding.UTF8.GetBytes($"{{\"type\":\"Error\",\"message\":{_random.JsonText(20)}}}"));
    }

    private static byte[] Longer(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length + 10}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }

    private string WithInvalidItem(ListKind kind, (string Json, string Id)[] items)
    {
        var json = items.Select(i => i.Json).ToList();
        var invalid = kind == ListKind.Tokens ? Encoding.UTF8.GetString(_random.InvalidToken().Bytes) : _random.Pick(InvalidApplications);
        json.Insert(_random.Next(0, json.Count + 1), invalid);
        return "[" + string.Join(",", json) + "]";
    }

    /// <summary>A page body with its members in random order; null leaves a member out.</summary>
    private string Body(ListKind kind, string? items, string? totalCount, string? perPage, int count, int page)
    {
        var members = new List<string>();
        if (items != null) members.Add("\"items\":" + items);
        members.Add("\"count\":" + (_random.Chance(0.9) ? count.ToString() : _random.JsonValue(1)));
        if (totalCount != null) members.Add("\"totalCount\":" + totalCount);
        if (perPage != null) members.Add("\"perPage\":" + perPage);
        if (_random.Chance(0.8)) members.Add("\"page\":" + page);
        if (_random.Chance(0.5)) members.Add("\"filter\":" + _random.Pick(["null", "\"*\"", "\"fleet*\""]));
        if (_random.Chance(0.5)) members.Add("\"sortField\":\"name\",\"sortDirection\":\"asc\"");
        if (kind == ListKind.Tokens && _random.Chance(0.5)) members.Add("\"ownerId\":\"" + _random.Id() + "\",\"ownerType\":\"user\"");
        if (_random.Chance(0.2)) members.Add("\"_links\":" + _random.JsonValue(3));
        for (var i = members.Count - 1; i > 0; i--)
        {
            var j = _random.Next(0, i + 1);
            (members[i], members[j]) = (members[j], members[i]);
        }

        return "{" + string.Join(",", members) + "}";
    }

    private (string Json, string Id) ValidItem(ListKind kind)
    {
        if (kind == ListKind.Tokens)
        {
            var token = _random.ValidToken();
            return (Encoding.UTF8.GetString(token.Bytes), token.Ids[0]);
        }

        var id = _random.Id();
        var members = new List<string>();
        var idFields = _random.Next(0, 3);
        if (idFields != 1) members.Add("\"id\":\"" + id + "\"");
        if (idFields != 0) members.Add("\"applicationId\":\"" + id + "\"");
        if (_random.Chance(0.9)) members.Add("\"name\":" + _random.JsonText(20));
        if (_random.Chance(0.3)) members.Add("\"description\":" + _random.JsonText(30));
        if (_random.Chance(0.3)) members.Add("\"creationDate\":\"2021-01-01T00:01:00.000Z\",\"ownerType\":\"user\"");
        if (_random.Chance(0.3)) members.Add("\"_links\":" + _random.JsonValue(2));
        return ("{" + string.Join(",", members) + "}", id);
    }

    private static byte[] Ok(byte[] body) => RawHttpServer.Response(200, "application/json", body);

    private static byte[] Ok(string body) => Ok(Encoding.UTF8.GetBytes(body));
}
