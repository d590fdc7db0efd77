using System.Text.Json;
using System.Text.RegularExpressions;

namespace AccessToken.Emulator;

/// <summary>
/// A rule from <c>POST /_emulator/faults</c>. Its counters and its own <see cref="System.Random"/>
/// sit behind one lock, so a seeded rule fires in the same pattern on every run no matter how
/// concurrent requests interleave within a single decision.
/// </summary>
public sealed class FaultRule
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly Dictionary<string, long> _firedByLabel = new(StringComparer.Ordinal);
    private long _matched;
    private long _fired;
    private int? _remaining;

    internal FaultRule(
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
}
