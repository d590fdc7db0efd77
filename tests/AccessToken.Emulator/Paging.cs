using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AccessToken.Emulator;

/// <summary>What a paged list can sort and filter by.</summary>
public interface IListed
{
    string Id { get; }

    string Name { get; }

    DateTime CreationDate { get; }

    DateTime LastUpdated { get; }
}

public enum SortField
{
    Name,
    Status,
    Id,
    CreationDate,
    LastUpdated,
    ExpirationDate,
}

public enum FilterField
{
    Name,
    Status,
}

/// <summary>The validated paging, sorting and filtering parameters of one list request.</summary>
public sealed record PageQuery(int Page, int PerPage, SortField SortField, bool Descending, FilterField? FilterField, string? Filter)
{
    public const int DefaultPerPage = 100;
    public const int MaxPerPage = 1000;
}

/// <summary>Which sort and filter fields a collection accepts.</summary>
public sealed record PageRules(SortField[] SortFields, FilterField[] FilterFields)
{
    public static readonly PageRules Tokens = new(
        [SortField.Name, SortField.Status, SortField.Id, SortField.CreationDate, SortField.LastUpdated, SortField.ExpirationDate],
        [FilterField.Name, FilterField.Status]);

    public static readonly PageRules Applications = new(
        [SortField.Name, SortField.Id, SortField.CreationDate, SortField.LastUpdated],
        [FilterField.Name]);
}

/// <summary>One page cut from a sorted, filtered list, with the number of all matches.</summary>
public readonly record struct Page<T>(ArraySegment<T> Items, int TotalCount);

/// <summary>
/// Sorts, filters and cuts pages. A sorted or filtered order is cached against the store's
/// snapshot array, which stays the same object until the next write: reading 100,000 tokens page
/// by page then sorts them once, not once per page, and a write simply starts a fresh cache.
/// </summary>
public static class Pager
{
    /// <summary>Distinct sort and filter combinations kept per snapshot before the cache starts over.</summary>
    private const int MaxCachedViews = 32;

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<ViewKey, object>> Views = new();

    private readonly record struct ViewKey(SortField Field, bool Descending, FilterField? FilterField, string? Filter);

    public static Page<T> Cut<T>(T[] snapshot, PageQuery query, Func<SortField, Comparison<T>> comparisonFor,
        Func<T, FilterField, string> filterValue)
    {
        string? filter = query.Filter;
        FilterField? filterField = filter is null ? null : query.FilterField;
        var key = new ViewKey(query.SortField, query.Descending, filterField, filter?.ToUpperInvariant());
        ConcurrentDictionary<ViewKey, object> views = Views.GetOrCreateValue(snapshot);
        if (!views.TryGetValue(key, out object? cached))
        {
            T[] ordered = Sort(snapshot, comparisonFor(query.SortField), query.Descending);
            if (filterField is FilterField field)
            {
                ordered = Array.FindAll(ordered, item => Glob.IsMatch(filter!, filterValue(item, field)));
            }
            if (views.Count >= MaxCachedViews)
            {
                views.Clear();
            }
            cached = views.GetOrAdd(key, ordered);
        }

        var all = (T[])cached;
        long start = (long)query.Page * query.PerPage;
        if (start >= all.Length)
        {
            return new Page<T>(ArraySegment<T>.Empty, all.Length);
        }
        int count = (int)Math.Min(query.PerPage, all.Length - start);
        return new Page<T>(new ArraySegment<T>(all, (int)start, count), all.Length);
    }

    /// <summary>The comparisons every listed kind shares; each ends on the id so pages never overlap.</summary>
    public static Comparison<T> Common<T>(SortField field) where T : IListed => field switch
    {
        SortField.Name => static (a, b) =>
        {
            int byName = StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name);
            if (byName == 0)
            {
                byName = string.CompareOrdinal(a.Name, b.Name);
            }
            return byName != 0 ? byName : CompareIds(a, b);
        },
        SortField.CreationDate => static (a, b) => Then(a.CreationDate.CompareTo(b.CreationDate), a, b),
        SortField.LastUpdated => static (a, b) => Then(a.LastUpdated.CompareTo(b.LastUpdated), a, b),
        _ => CompareIds,
    };

    /// <summary>Tokens add status (active before inactive) and expiry (never-expiring first).</summary>
    public static Comparison<StoredToken> ForTokens(SortField field) => field switch
    {
        SortField.Status => static (a, b) => Then(b.Active.CompareTo(a.Active), a, b),
        SortField.ExpirationDate => static (a, b) => Then(Nullable.Compare(a.ExpirationDate, b.ExpirationDate), a, b),
        _ => Common<StoredToken>(field),
    };

    public static string TokenFilterValue(StoredToken token, FilterField field) =>
        field == FilterField.Status ? (token.Active ? "active" : "inactive") : token.Name;

    private static int Then<T>(int first, T a, T b) where T : IListed => first != 0 ? first : CompareIds(a, b);

    private static int CompareIds<T>(T a, T b) where T : IListed => StringComparer.OrdinalIgnoreCase.Compare(a.Id, b.Id);

    private static T[] Sort<T>(T[] snapshot, Comparison<T> comparison, bool descending)
    {
        var sorted = (T[])snapshot.Clone();
        Array.Sort(sorted, descending ? (a, b) => comparison(b, a) : comparison);
        return sorted;
    }
}

/// <summary>
/// The list filter's globbing: <c>*</c> stands for any run of characters (also none), every other
/// character stands for itself, letters match either case, and the pattern covers the whole value.
/// </summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string text)
    {
        ReadOnlySpan<char> rest = text;
        ReadOnlySpan<char> remaining = pattern;
        int star = remaining.IndexOf('*');
        if (star < 0)
        {
            return rest.Equals(remaining, StringComparison.OrdinalIgnoreCase);
        }

        ReadOnlySpan<char> head = remaining[..star];
        if (!rest.StartsWith(head, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        rest = rest[head.Length..];
        remaining = remaining[(star + 1)..];

        int lastStar = remaining.LastIndexOf('*');
        ReadOnlySpan<char> tail = lastStar < 0 ? remaining : remaining[(lastStar + 1)..];
        ReadOnlySpan<char> middle = lastStar < 0 ? [] : remaining[..lastStar];
        if (rest.Length < tail.Length || !rest.EndsWith(tail, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        rest = rest[..^tail.Length];

        // Between the first and the last star, each piece is taken at its earliest place: any later
        // place could only leave less room for the pieces after it.
        foreach (Range range in middle.Split('*'))
        {
            ReadOnlySpan<char> piece = middle[range];
            int at = rest.IndexOf(piece, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }
            rest = rest[(at + piece.Length)..];
        }
        return true;
    }
}
