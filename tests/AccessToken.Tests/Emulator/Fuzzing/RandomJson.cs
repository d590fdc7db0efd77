using System.Globalization;
using System.Text;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>
/// Random JSON pieces from a seeded <see cref="System.Random"/>: ids, dates, text escaped at random,
/// any value nested to a depth, and the picks and chances the generators build answers from.
/// </summary>
public class RandomJson(Random random)
{
    private static readonly string[] Characters =
        ["a", "Z", "0", " ", "-", "_", ".", "/", "\"", "\\", "\n", "\t", "\u0001", "é", "ß", "東", "京", "😀", "🔑", "\u200b", "\u00a0", "<", "&"];

    private static readonly string[] DateForms =
        ["yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.fff"];

    /// <summary>The seeded source every generated piece is drawn from.</summary>
    protected Random Random { get; } = random;

    public int Next(int minInclusive, int maxExclusive) => Random.Next(minInclusive, maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(double probability) => Random.NextDouble() < probability;

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A random id: 24 lower-case hexadecimal characters.</summary>
    public string Id() => HexId();

    /// <summary>A JSON string literal of random text, escaped at random.</summary>
    public string JsonText(int maxLength) => JsonString(Text(Random.Next(0, maxLength + 1)));

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>.</summary>
    public string JsonValue(int depth) => AnyValue(depth);

    protected string AnyValue(int depth) => depth <= 0 ? AnyScalar() : Random.Next(6) switch
    {
        0 => "{" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => JsonString(Text(6)) + ":" + AnyValue(depth - 1))) + "}",
        1 => "[" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => AnyValue(depth - 1))) + "]",
        _ => AnyScalar(),
    };

    protected string AnyScalar() => Random.Next(7) switch
    {
        0 => JsonString(Text(10)),
        1 => Random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        2 => (Random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture),
        3 => "true",
        4 => "false",
        5 => "null",
        _ => Pick(["0", "-0.5e-3", "1E+2", "12345678901234567"]),
    };

    protected string Date()
    {
        var value = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(Random.NextDouble() * 1e9);
        var form = Pick(DateForms);
        return form.EndsWith("zzz", StringComparison.Ordinal)
            ? new DateTimeOffset(value).ToOffset(TimeSpan.FromMinutes(30 * Random.Next(-24, 25))).ToString(form, CultureInfo.InvariantCulture)
            : value.ToString(form, CultureInfo.InvariantCulture);
    }

    protected string HexId() => string.Concat(Enumerable.Range(0, 24).Select(_ => "0123456789abcdef"[Random.Next(16)]));

    protected string Text(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => Pick(Characters)));

    /// <summary>A JSON string literal; characters are escaped where JSON requires and at random elsewhere.</summary>
    protected string JsonString(string text)
    {
        var builder = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') builder.Append("\\\"");
            else if (c == '\\') builder.Append("\\\\");
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A pair is escaped whole or not at all: half an escape would be a lone surrogate.
                if (Chance(0.3)) builder.Append(Escape(c)).Append(Escape(text[i + 1]));
                else builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c < 0x20 || Chance(0.1)) builder.Append(Escape(c));
            else builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    protected static string Escape(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);

    protected string Whitespace() => Pick(["", "", " ", "\n", "\r\n  ", "\t"]);

    protected void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
