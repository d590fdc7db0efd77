using System.Text.Json;
using System.Text.RegularExpressions;

namespace AccessToken.Emulator;

/// <summary>
/// Reads the body of <c>POST /_emulator/faults</c> into <see cref="FaultRule"/>s, refusing an unknown
/// property, a value of the wrong type or a kind without what it needs, with a message that names it.
/// </summary>
public static class FaultRuleParser
{
    private static readonly string[] KnownProperties =
        ["method", "path", "query", "kind", "status", "retryAfter", "latencyMs", "count", "rate", "seed", "kinds", "body"];

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
        if (!FaultChoice.TryParse(kindText, status, retryAfter, allowRandom: true, out FaultChoice? primary, out error))
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
                if (!FaultChoice.TryParse(name, status, retryAfter, allowRandom: false, out choices[i], out error))
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
