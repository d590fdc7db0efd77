using System.Globalization;

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
public sealed record FaultChoice(string Label, FaultKind Kind, int Status, string? RetryAfter, string? Body = null)
{
    /// <summary>
    /// Reads a kind name (<c>503</c>, <c>html502</c>, ...) into its outcome; <c>random</c> only where
    /// <paramref name="allowRandom"/>, since a random choice cannot pick random again.
    /// </summary>
    public static bool TryParse(
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
}
