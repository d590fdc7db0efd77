using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using static AccessToken.Emulator.ValidationMessages;

namespace AccessToken.Emulator;

/// <summary>
/// Reads the query parameters of the API routes: the view flags every route takes and the paging,
/// sorting and filtering of today's lists. A parameter given twice is refused.
/// </summary>
public static class QueryReader
{
    /// <summary>Reads a boolean query flag such as <c>_links</c>; absent means <paramref name="fallback"/>.</summary>
    public static bool TryReadFlag(IQueryCollection query, string name, bool fallback, out bool value, out string error)
    {
        value = fallback;
        if (!TryReadSingle(query, name, out string? raw, out error) || raw is null)
        {
            return error.Length == 0;
        }
        switch (raw.ToLowerInvariant())
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                error = $"{name} must be a boolean (true or false), got \"{Shorten(raw)}\"";
                return false;
        }
    }

    /// <summary>Reads the query flags every API route takes: <c>_actions</c>, <c>_links</c>, <c>_embedded</c>.</summary>
    public static bool TryReadView(HttpRequest request, out TokenView view, out string error)
    {
        IQueryCollection query = request.Query;
        view = default;
        if (!TryReadFlag(query, "_actions", fallback: false, out bool actions, out error)
            || !TryReadFlag(query, "_links", fallback: true, out bool links, out error)
            || !TryReadFlag(query, "_embedded", fallback: true, out _, out error))
        {
            return false;
        }
        view = new TokenView(links, actions, Secret: false);
        return true;
    }

    /// <summary>Reads <c>page</c>, <c>perPage</c>, <c>sortField</c>, <c>sortDirection</c>, <c>filterField</c> and <c>filter</c>.</summary>
    public static bool TryReadPageQuery(IQueryCollection query, PageRules rules, out PageQuery page, out string error)
    {
        page = null!;
        if (!TryReadSingle(query, "page", out string? pageText, out error)
            || !TryReadSingle(query, "perPage", out string? perPageText, out error)
            || !TryReadSingle(query, "sortField", out string? sortText, out error)
            || !TryReadSingle(query, "sortDirection", out string? directionText, out error)
            || !TryReadSingle(query, "filterField", out string? filterFieldText, out error)
            || !TryReadSingle(query, "filter", out string? filter, out error))
        {
            return false;
        }

        int pageNumber = 0;
        if (pageText is not null
            && !int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber))
        {
            error = $"page must be an integer from 0 to {int.MaxValue}, got \"{Shorten(pageText)}\"";
            return false;
        }
        int perPage = PageQuery.DefaultPerPage;
        if (perPageText is not null
            && (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage)
                || perPage is < 1 or > PageQuery.MaxPerPage))
        {
            error = $"perPage must be an integer from 1 to {PageQuery.MaxPerPage}, got \"{Shorten(perPageText)}\"";
            return false;
        }

        SortField sortField = SortField.Name;
        if (sortText is not null && !TryMatchName(sortText, rules.SortFields, out sortField))
        {
            error = $"sortField must be one of {NameList(rules.SortFields)}, got \"{Shorten(sortText)}\"";
            return false;
        }
        bool descending = false;
        switch (directionText)
        {
            case null or "asc":
                break;
            case "desc":
                descending = true;
                break;
            default:
                error = $"sortDirection must be asc or desc, got \"{Shorten(directionText)}\"";
                return false;
        }
        FilterField? filterField = null;
        if (filterFieldText is not null)
        {
            if (!TryMatchName(filterFieldText, rules.FilterFields, out FilterField parsed))
            {
                error = $"filterField must be one of {NameList(rules.FilterFields)}, got \"{Shorten(filterFieldText)}\"";
                return false;
            }
            filterField = parsed;
        }

        // An empty filter matches everything, so it is no filter; a filter without a field filters names.
        if (string.IsNullOrEmpty(filter))
        {
            filter = null;
        }
        else
        {
            filterField ??= FilterField.Name;
        }
        page = new PageQuery(pageNumber, perPage, sortField, descending, filterField, filter);
        return true;
    }

    private static bool TryReadSingle(IQueryCollection query, string name, out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!query.TryGetValue(name, out StringValues raw))
        {
            return true;
        }
        if (raw.Count != 1)
        {
            error = $"{name} must be given at most once";
            return false;
        }
        value = raw[0];
        return true;
    }

    private static bool TryMatchName<TEnum>(string text, TEnum[] allowed, out TEnum value) where TEnum : struct, Enum
    {
        foreach (TEnum candidate in allowed)
        {
            if (string.Equals(WireName(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The query's spelling of a field: the enum name with a lower-case first letter.</summary>
    public static string WireName<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        string name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string NameList<TEnum>(TEnum[] values) where TEnum : struct, Enum =>
        string.Join(", ", values.Select(WireName));
}
