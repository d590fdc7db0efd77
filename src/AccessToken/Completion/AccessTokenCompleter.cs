using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Security;
using System.Threading;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// Completes access token ids (-AccessTokenId) and names (-Name) from the live list of
    /// tokens, with each token's name, status and expiry in the tooltip.
    /// </summary>
    /// <remarks>
    /// Tab completion must feel instant and must never disturb the prompt: the list is fetched
    /// once with a short timeout and no retries, kept for a minute per connection, and any
    /// failure (no connection, an API error, a timeout) simply completes nothing.
    /// </remarks>
    public sealed class AccessTokenCompleter : IArgumentCompleter
    {
        private static readonly IEnumerable<CompletionResult> Nothing = new CompletionResult[0];

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var tokens = AccessTokenCompletionCache.GetTokens(fakeBoundParameters);
                if (tokens.Count == 0) return Nothing;
                var (word, quoted) = Unquote(wordToComplete ?? string.Empty);
                return string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase)
                    ? CompleteNames(tokens, word, quoted)
                    : CompleteIds(tokens, word);
            }
            catch (Exception)
            {
                // A completer that throws prints nothing useful and can break the user's line; complete nothing instead.
                return Nothing;
            }
        }

        /// <summary>Forgets every cached list; Connect-Losant and Disconnect-Losant call it because the connection changed.</summary>
        internal static void ClearCache() => AccessTokenCompletionCache.Clear();

        private static IEnumerable<CompletionResult> CompleteIds(IReadOnlyList<TokenSummary> tokens, string word)
        {
            // An id prefix, or the start of a name: picking a token by name is what people remember.
            var namePattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            var results = new List<CompletionResult>();
            foreach (var token in tokens)
            {
                var byId = token.Id.StartsWith(word, StringComparison.OrdinalIgnoreCase);
                var byName = word.Length > 0 && token.Name != null && namePattern.IsMatch(token.Name);
                if (!byId && !byName) continue;
                var listItem = token.Name == null ? token.Id : token.Id + " (" + token.Name + ")";
                results.Add(new CompletionResult(token.Id, listItem, CompletionResultType.ParameterValue, token.Describe()));
            }

            return results;
        }

        private static IEnumerable<CompletionResult> CompleteNames(IReadOnlyList<TokenSummary> tokens, string word, bool quoted)
        {
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var matches = new List<TokenSummary>();
            foreach (var token in tokens)
            {
                if (token.Name == null || !pattern.IsMatch(token.Name) || !seen.Add(token.Name)) continue;
                matches.Add(token);
            }

            matches.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
            var results = new List<CompletionResult>(matches.Count);
            foreach (var token in matches)
            {
                // -Name takes wildcards: a name holding * ? [ ] must match itself only.
                var text = WildcardPattern.Escape(token.Name!);
                if (quoted || NeedsQuotes(text)) text = "'" + CodeGeneration.EscapeSingleQuotedStringContent(text) + "'";
                results.Add(new CompletionResult(text, token.Name, CompletionResultType.ParameterValue, token.Describe()));
            }

            return results;
        }

        private static (string Word, bool Quoted) Unquote(string word)
        {
            if (word.Length == 0) return (word, false);
            var first = word[0];
            if (first != '\'' && first != '"' && !IsSingleQuote(first) && !IsDoubleQuote(first)) return (word, false);
            var inner = word.Substring(1);
            if (inner.Length > 0 && inner[inner.Length - 1] == first) inner = inner.Substring(0, inner.Length - 1);
            return (inner, true);
        }

        private static bool NeedsQuotes(string text)
        {
            if (text.Length == 0) return true;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || IsSingleQuote(c) || IsDoubleQuote(c) || "'\"`$&|;,(){}<>@#".IndexOf(c) >= 0) return true;
            }

            // A leading dash would be read as a parameter name.
            return text[0] == '-' || text[0] == '\u2013' || text[0] == '\u2014';
        }

        private static bool IsSingleQuote(char c) => c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b';

        private static bool IsDoubleQuote(char c) => c == '"' || c == '\u201c' || c == '\u201d' || c == '\u201e';
    }

    /// <summary>What completion shows of a token: plain strings and dates, no engine types and never the secret.</summary>
    internal sealed class TokenSummary
    {
        public TokenSummary(string id, string? name, string? status, DateTime? expirationDate)
        {
            Id = id;
            Name = name;
            Status = status;
            ExpirationDate = expirationDate;
        }

        public string Id { get; }

        public string? Name { get; }

        public string? Status { get; }

        public DateTime? ExpirationDate { get; }

        public string Describe()
        {
            var expiry = ExpirationDate is DateTime date
                ? (date <= DateTime.UtcNow ? "EXPIRED " : "expires ") + date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
                : "never expires";
            var parts = new List<string>(3);
            if (Status != null) parts.Add(Status);
            parts.Add(expiry);
            return (Name ?? Id) + Environment.NewLine + Id + ", " + string.Join(", ", parts);
        }
    }

    /// <summary>
    /// The token lists fetched for completion, one per connection, kept for a minute. The
    /// connection is resolved as the cmdlets resolve it, from -ApiToken and -BaseUri already on
    /// the command line onwards.
    /// </summary>
    internal static class AccessTokenCompletionCache
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
        private static readonly IReadOnlyList<TokenSummary> Empty = new TokenSummary[0];
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Entry> Entries = new Dictionary<string, Entry>(StringComparer.Ordinal);

        public static void Clear()
        {
            lock (Gate) Entries.Clear();
        }

        public static IReadOnlyList<TokenSummary> GetTokens(IDictionary? fakeBoundParameters)
        {
            ResolvedConnection connection;
            try
            {
                var given = new ConnectionOverrides
                {
                    ApiToken = fakeBoundParameters?["ApiToken"] as SecureString,
                    BaseUri = ToUri(fakeBoundParameters?["BaseUri"]),
                };
                connection = ConnectionResolver.Resolve(given, LosantSession.Current);
            }
            catch (ErrorRecordException)
            {
                // No token, or a base URI the cmdlets would refuse: completion must not send the token anywhere else.
                return Empty;
            }

            var key = connection.BaseUri.AbsoluteUri + "\n" + connection.CredentialIdentity;
            var now = DateTime.UtcNow;
            lock (Gate)
            {
                if (Entries.TryGetValue(key, out var cached) && cached.ExpiresAt > now) return cached.Tokens;
            }

            var tokens = Fetch(connection);
            lock (Gate)
            {
                now = DateTime.UtcNow;
                var expired = new List<string>();
                foreach (var entry in Entries) if (entry.Value.ExpiresAt <= now) expired.Add(entry.Key);
                foreach (var old in expired) Entries.Remove(old);
                Entries[key] = new Entry(tokens ?? Empty, now + (tokens == null ? FailureLifetime : Lifetime));
            }

            return tokens ?? Empty;
        }

        // Out of line so the engine's types are only touched once the module's load context is in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<TokenSummary>? Fetch(ResolvedConnection connection)
        {
            var settings = connection.ToSettings();
            settings.MaxRetries = 0;
            settings.Timeout = Timeout;
            var client = new AccessTokenClient(settings);
            using var deadline = new CancellationTokenSource(Timeout);
            try
            {
                // Links and embedded resources are of no use to completion; leaving them out keeps the answer small.
                using var listing = client.ListAsync(new QueryFlags(false, false, false), deadline.Token).GetAwaiter().GetResult();
                var tokens = new List<TokenSummary>();
                AccessToken? token;
                while ((token = listing.ReadNextAsync(deadline.Token).GetAwaiter().GetResult()) != null)
                {
                    if (string.IsNullOrEmpty(token.Id)) continue;
                    tokens.Add(new TokenSummary(token.Id, token.Name, token.Status?.ToString(), token.ExpirationDate));
                }

                return tokens;
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static Uri? ToUri(object? value)
        {
            switch (value)
            {
                case Uri uri when uri.IsAbsoluteUri:
                    return uri;
                case string text when !string.IsNullOrWhiteSpace(text):
                    return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) ? parsed : null;
                default:
                    return null;
            }
        }

        private sealed class Entry
        {
            public Entry(IReadOnlyList<TokenSummary> tokens, DateTime expiresAt)
            {
                Tokens = tokens;
                ExpiresAt = expiresAt;
            }

            public IReadOnlyList<TokenSummary> Tokens { get; }

            public DateTime ExpiresAt { get; }
        }
    }
}
