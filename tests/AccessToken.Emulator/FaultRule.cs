using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AccessToken.Emulator;

/// <summary>What a fault does to a request.</summary>
public enum FaultKind
{
    Status,
    Html502,
    Truncated,
    Empty,
    WrongShape,
    WrongContentType,
    Enormous,
    Drop,
    Hang,
    Stall,
    Latency,
    Random,
}

/// <summary>
/// One concrete outcome: a kind plus, for status answers, the code and Retry-After, and for
/// wrongShape an optional JSON text to send.
/// </summary>
public sealed record FaultChoice(string Label, FaultKind Kind, int Status, string? RetryAfter, string? Body = null);

/// <summary>
/// A rule from <c>POST /_emulator/faults</c>. Its counters and its own <see cref="System.Random"/>
/// sit behind one lock, so a seeded rule fires in the same pattern on every run no matter how
/// concurrent requests interleave within a single decision.
/// </summary>
public sealed class FaultRule
{
    private static readonly string[] KnownProperties =
        ["method", "path", "query", "kind", "status", "retryAfter", "latencyMs", "count", "rate", "seed", "kinds", "body"];

    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly Dictionary<string, long> _firedByLabel = new(StringComparer.Ordinal);
    private long _matched;
    private long _fired;
    private int? _remaining;

    private FaultRule(
        int index, string? method, Regex? path, string pathText, Regex? query, FaultChoice primary, FaultChoice[] choices,
        int latencyMs, int? count, double? rate, int? seed, string? body)
    {
        Index = index;
        Method = method;
        Path = path;
        PathText = pathText;
        Query = query;
        Primary = primary;
        Choices = choices;
        LatencyMs = latencyMs;
        Count = count;
        Rate = rate;
        Body = body;
        _remaining = count;
        _random = seed is int s ? new Random(s) : new Random();
    }

    public int Index { get; }

    public string? Method { get; }

    public Regex? Path { get; }

    public string PathText { get; }

    /// <summary>Searched in the raw query string, <c>?</c> included, so a rule can pick one page of a list.</summary>
    public Regex? Query { get; }

    public FaultChoice Primary { get; }

    /// <summary>For <see cref="FaultKind.Random"/>: the outcomes one firing picks from.</summary>
    public FaultChoice[] Choices { get; }

    public int LatencyMs { get; }

    public int? Count { get; }

    public double? Rate { get; }

    /// <summary>For wrongShape: the JSON text to send instead of the built-in wrong shape.</summary>
    public string? Body { get; }

    public bool Matches(string method, string path, string query) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (Path is null || Path.IsMatch(path))
        && (Query is null || Query.IsMatch(query));

    /// <summary>Decides whether this rule fires for a matching request, and with which outcome.</summary>
    public FaultChoice? TryFire()
    {
        lock (_gate)
        {
            _matched++;
            if (_remaining is <= 0)
            {
                return null;
            }
            if (Rate is double rate && _random.NextDouble() >= rate)
            {
                return null;
            }
            if (_remaining is int remaining)
            {
                _remaining = remaining - 1;
            }
            FaultChoice choice = Primary.Kind == FaultKind.Random ? Choices[_random.Next(Choices.Length)] : Primary;
            _fired++;
            _firedByLabel[choice.Label] = _firedByLabel.GetValueOrDefault(choice.Label) + 1;
            return choice;
        }
    }

    public void WriteStats(Utf8JsonWriter writer)
    {
        lock (_gate)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", Index);
            writer.WriteString("kind", Primary.Label);
            if (Method is null)
            {
                writer.WriteNull("method");
            }
            else
            {
                writer.WriteString("method", Method);
            }
            if (Path is null)
            {
                writer.WriteNull("path");
            }
            else
            {
                writer.WriteString("path", PathText);
            }
            if (Query is null)
            {
                writer.WriteNull("query");
            }
            else
            {
                writer.WriteString("query", Query.ToString());
            }
            writer.WriteNumber("matched", _matched);
            writer.WriteNumber("fired", _fired);
            if (_remaining is int remaining)
            {
                writer.WriteNumber("remaining", remaining);
            }
            else
            {
                writer.WriteNull("remaining");
            }
            writer.WriteStartObject("byKind");
            foreach (KeyValuePair<string, long> entry in _firedByLabel)
            {
                writer.WriteNumber(entry.Key, entry.Value);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>Parses a body holding an array of rules (a single rule object is accepted too).</summary>
    public static bool TryParseList(JsonElement root, out FaultRule[] rules, out string error)
    {
        rules = [];
        JsonElement[] items;
        if (root.ValueKind == JsonValueKind.Array)
        {
            items = [.. root.EnumerateArray()];
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            items = [root];
        }
        else
        {
            error = "fault rules must be a JSON array of rule objects";
            return false;
        }

        var parsed = new FaultRule[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!TryParse(items[i], i, out parsed[i], out error))
            {
                error = $"rule {i}: {error}";
                return false;
            }
        }
        rules = parsed;
        error = string.Empty;
        return true;
    }

    private static bool TryParse(JsonElement rule, int index, out FaultRule parsed, out string error)
    {
        parsed = null!;
        if (rule.ValueKind != JsonValueKind.Object)
        {
            error = "must be a JSON object";
            return false;
        }
        foreach (JsonProperty property in rule.EnumerateObject())
        {
            if (Array.IndexOf(KnownProperties, property.Name) < 0)
            {
                error = $"unknown property \"{property.Name}\" (known: {string.Join(", ", KnownProperties)})";
                return false;
            }
        }

        if (!TryGetString(rule, "method", out string? method, out error)
            || !TryGetString(rule, "path", out string? pathText, out error)
            || !TryGetString(rule, "query", out string? queryText, out error)
            || !TryGetKind(rule, out string? kindText, out error)
            || !TryGetRetryAfter(rule, out string? retryAfter, out error)
            || !TryGetInt(rule, "status", 100, 599, out int? status, out error)
            || !TryGetInt(rule, "latencyMs", 0, int.MaxValue, out int? latencyMs, out error)
            || !TryGetInt(rule, "count", 0, int.MaxValue, out int? count, out error)
            || !TryGetInt(rule, "seed", int.MinValue, int.MaxValue, out int? seed, out error)
            || !TryGetString(rule, "body", out string? body, out error))
        {
            return false;
        }

        double? rate = null;
        if (rule.TryGetProperty("rate", out JsonElement rateElement) && rateElement.ValueKind != JsonValueKind.Null)
        {
            if (rateElement.ValueKind != JsonValueKind.Number
                || !rateElement.TryGetDouble(out double r) || r is < 0 or > 1)
            {
                error = "rate must be a number from 0 to 1";
                return false;
            }
            rate = r;
        }

        if (kindText is null)
        {
            error = "kind is required";
            return false;
        }

        if (!TryGetRegex("path", pathText, out Regex? path, out error)
            || !TryGetRegex("query", queryText, out Regex? query, out error))
        {
            return false;
        }

        // "none" asks for no Retry-After at all, even where a kind would send one by default.
        bool noRetryAfter = retryAfter == "none";
        if (!TryParseChoice(kindText, status, retryAfter, allowRandom: true, out FaultChoice? primary, out error))
        {
            return false;
        }

        FaultChoice[] choices = [];
        if (primary.Kind == FaultKind.Random)
        {
            if (!rule.TryGetProperty("kinds", out JsonElement kinds)
                || kinds.ValueKind != JsonValueKind.Array || kinds.GetArrayLength() == 0)
            {
                error = "kind \"random\" needs kinds: a non-empty array of kind names";
                return false;
            }
            choices = new FaultChoice[kinds.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in kinds.EnumerateArray())
            {
                string? name = item.ValueKind switch
                {
                    JsonValueKind.String => item.GetString(),
                    JsonValueKind.Number => item.GetRawText(),
                    _ => null,
                };
                if (name is null)
                {
                    error = $"kinds[{i}] must be a kind name";
                    return false;
                }
                if (!TryParseChoice(name, status, retryAfter, allowRandom: false, out choices[i], out error))
                {
                    error = $"kinds[{i}]: {error}";
                    return false;
                }
                i++;
            }
        }
        else if (rule.TryGetProperty("kinds", out JsonElement unused) && unused.ValueKind != JsonValueKind.Null)
        {
            error = "kinds is only meaningful with kind \"random\"";
            return false;
        }

        bool needsLatency = primary.Kind == FaultKind.Latency || choices.Any(c => c.Kind == FaultKind.Latency);
        if (needsLatency && latencyMs is null)
        {
            error = "kind \"latency\" needs latencyMs";
            return false;
        }

        if (body is not null)
        {
            try
            {
                using JsonDocument _ = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                error = $"body must hold valid JSON text: {ex.Message}";
                return false;
            }
        }

        if (noRetryAfter)
        {
            primary = primary with { RetryAfter = null };
            choices = [.. choices.Select(c => c with { RetryAfter = null })];
        }

        parsed = new FaultRule(index, method, path, pathText ?? string.Empty, query, primary, choices,
            latencyMs ?? 0, count, rate, seed, body);
        return true;
    }

    private static bool TryParseChoice(
        string name, int? status, string? retryAfter, bool allowRandom, out FaultChoice choice, out string error)
    {
        choice = null!;
        error = string.Empty;
        switch (name.ToLowerInvariant())
        {
            case "status":
                if (status is null)
                {
                    error = "kind \"status\" needs status";
                    return false;
                }
                choice = new FaultChoice(status.Value.ToString(CultureInfo.InvariantCulture), FaultKind.Status, status.Value, retryAfter);
                return true;
            case "429" or "503":
                // A rate limit or maintenance answer without a wait would make clients back off blindly.
                choice = new FaultChoice(name, FaultKind.Status, int.Parse(name, CultureInfo.InvariantCulture), retryAfter ?? "0");
                return true;
            case "500" or "502" or "504":
                choice = new FaultChoice(name, FaultKind.Status, int.Parse(name, CultureInfo.InvariantCulture), retryAfter);
                return true;
            case "html502":
                choice = new FaultChoice("html502", FaultKind.Html502, 502, retryAfter);
                return true;
            case "truncated":
                choice = new FaultChoice("truncated", FaultKind.Truncated, 200, null);
                return true;
            case "empty":
                choice = new FaultChoice("empty", FaultKind.Empty, 200, null);
                return true;
            case "wrongshape":
                choice = new FaultChoice("wrongShape", FaultKind.WrongShape, 200, null);
                return true;
            case "wrongcontenttype":
                choice = new FaultChoice("wrongContentType", FaultKind.WrongContentType, 200, null);
                return true;
            case "enormous":
                choice = new FaultChoice("enormous", FaultKind.Enormous, 200, null);
                return true;
            case "drop":
                choice = new FaultChoice("drop", FaultKind.Drop, 0, null);
                return true;
            case "hang":
                choice = new FaultChoice("hang", FaultKind.Hang, 0, null);
                return true;
            case "stall":
                choice = new FaultChoice("stall", FaultKind.Stall, 200, null);
                return true;
            case "latency":
                choice = new FaultChoice("latency", FaultKind.Latency, 0, null);
                return true;
            case "random" when allowRandom:
                choice = new FaultChoice("random", FaultKind.Random, 0, null);
                return true;
            default:
                error = $"unknown kind \"{name}\" (known: status, 429, 500, 502, 503, 504, html502, truncated, empty, " +
                        "wrongShape, wrongContentType, enormous, drop, hang, stall, latency" + (allowRandom ? ", random)" : ")");
                return false;
        }
    }

    private static bool TryGetString(JsonElement rule, string name, out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        // Serializers write unset optional members as null, so null means "not given" throughout.
        if (!rule.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string";
            return false;
        }
        value = element.GetString();
        return true;
    }

    private static bool TryGetRegex(string name, string? pattern, out Regex? regex, out string error)
    {
        regex = null;
        error = string.Empty;
        if (pattern is null)
        {
            return true;
        }
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException ex)
        {
            error = $"{name} is not a valid regular expression: {ex.Message}";
            return false;
        }
    }

    private static bool TryGetKind(JsonElement rule, out string? value, out string error)
    {
        // PowerShell and C# callers naturally write kind = 503 as well as kind = "503".
        if (rule.TryGetProperty("kind", out JsonElement element) && element.ValueKind == JsonValueKind.Number)
        {
            value = element.GetRawText();
            error = string.Empty;
            return true;
        }
        return TryGetString(rule, "kind", out value, out error);
    }

    private static bool TryGetRetryAfter(JsonElement rule, out string? value, out string error)
    {
        // Tests write both "retryAfter":"2" and "retryAfter":2; the header carries the same text.
        if (rule.TryGetProperty("retryAfter", out JsonElement element) && element.ValueKind == JsonValueKind.Number)
        {
            value = element.GetRawText();
            error = string.Empty;
            return true;
        }
        return TryGetString(rule, "retryAfter", out value, out error);
    }

    private static bool TryGetInt(JsonElement rule, string name, int min, int max, out int? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!rule.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int number) || number < min || number > max)
        {
            error = $"{name} must be an integer from {min} to {max}";
            return false;
        }
        value = number;
        return true;
    }
}
