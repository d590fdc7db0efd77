using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// Get-AccessToken's -Name and -Status as a listing's filter: the part the server can apply
    /// (one field at most), the check of every token listed, and the names that matched nothing.
    /// </summary>
    internal sealed class TokenFilter
    {
        private readonly string[]? _names;
        // Boxed rather than AccessTokenStatus?: no type of the cmdlet assembly holds a value-type
        // field of the engine, so that each loads before the engine can be found (Windows PowerShell 5.1).
        private readonly object? _status;
        private readonly List<WildcardPattern>? _namePatterns;
        private readonly HashSet<string>? _namesSeen;

        public TokenFilter(string[]? names, AccessTokenStatus? status)
        {
            _names = names;
            _status = status;
            if (names == null) return;
            _namePatterns = new List<WildcardPattern>(names.Length);
            foreach (var name in names) _namePatterns.Add(WildcardPattern.Get(name, WildcardOptions.IgnoreCase));
            _namesSeen = new HashSet<string>();
        }

        /// <summary>
        /// The query for the server: the name when it is the only pattern, the status when it is the
        /// only filter; <see cref="Matches"/> checks both again either way.
        /// </summary>
        public ListQuery Query(int concurrency)
        {
            var query = new ListQuery { Concurrency = concurrency };
            if (_names != null && _names.Length == 1) query.NameFilter = ToServerPattern(_names[0]);
            else if (_names == null && _status != null) query.StatusFilter = _status as AccessTokenStatus?;
            return query;
        }

        /// <summary>Whether a listed token has the status and one of the names; remembers which names matched.</summary>
        public bool Matches(AccessToken token)
        {
            if (_status != null && token.Status != (AccessTokenStatus)_status) return false;
            if (_namePatterns == null) return true;
            var name = token.Name ?? string.Empty;
            var matched = false;
            for (var i = 0; i < _namePatterns.Count; i++)
            {
                if (!_namePatterns[i].IsMatch(name)) continue;
                _namesSeen!.Add(_names![i]);
                matched = true;
            }

            return matched;
        }

        /// <summary>
        /// The names without wildcards that matched no token listed: as with Get-Process -Name,
        /// each is an error once the listing is done.
        /// </summary>
        public IEnumerable<string> NamesNotFound()
        {
            if (_names == null) yield break;
            foreach (var name in _names)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !_namesSeen!.Contains(name)) yield return name;
            }
        }

        /// <summary>
        /// A pattern for the API's globbing that matches at least what the PowerShell wildcard
        /// matches: the API knows only '*', so '?' and '[...]' become '*' as well.
        /// </summary>
        private static string ToServerPattern(string wildcard)
        {
            var pattern = new StringBuilder(wildcard.Length);
            for (var i = 0; i < wildcard.Length; i++)
            {
                var c = wildcard[i];
                if (c == '`' && i + 1 < wildcard.Length)
                {
                    c = wildcard[++i];
                    // An escaped '*' is a literal star, which the API's '*' also matches.
                    pattern.Append(c);
                    continue;
                }

                if (c == '[')
                {
                    var close = wildcard.IndexOf(']', i + 1);
                    if (close > i) i = close;
                    c = '*';
                }
                else if (c == '?')
                {
                    c = '*';
                }

                if (c == '*' && pattern.Length > 0 && pattern[pattern.Length - 1] == '*') continue;
                pattern.Append(c);
            }

            return pattern.ToString();
        }
    }
}
